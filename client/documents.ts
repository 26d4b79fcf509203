import { z } from 'zod';
import type { DocumentActivities } from '../activities/documents/activities';
import { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';
import { DocumentKind, IeltsBand, IsoDate, type DocumentVerdict } from '../domain/document';
import type { CaseDocument } from '../machines/outgoing-case/context';
import { CaseError, invalid, invalidFields } from './errors';

/** The fields of an upload besides its bytes: the same for the API's multipart form and the CLI. */
export const UploadFields = z
  .object({
    kind: DocumentKind,
    actor: Actor,
    fileName: z.string().trim().min(1, 'fileName must not be empty').max(1000),
    ieltsScore: IeltsBand.optional(),
    ieltsTestDate: IsoDate.optional(),
    englishConfirmedByStaff: z.boolean().optional(),
  })
  .strict();
export type UploadFields = z.infer<typeof UploadFields>;

export interface UploadResult {
  case: CaseView;
  verdict: DocumentVerdict;
}

interface Cases {
  get(caseId: string): Promise<CaseView>;
  act(caseId: string, event: unknown): Promise<CaseView>;
}

/**
 * An upload into a case: checked for the action and role first, then screened and stored (the same bytes
 * are stored once; empty, oversized, mistyped, executable, bomb and duplicate files are refused and
 * nothing is stored), then handed to the case, which checks the document and records the verdict.
 */
export async function uploadDocument(
  cases: Cases,
  storeDocument: DocumentActivities['storeDocument'],
  caseId: string,
  raw: unknown,
  bytes: Uint8Array,
  now: () => Date,
): Promise<UploadResult> {
  const parsed = UploadFields.safeParse(raw);
  if (!parsed.success) throw invalid('invalid upload', parsed.error);
  const { kind, actor, fileName, ...checks } = parsed.data;
  const before = await cases.get(caseId);
  const allowed = before.allowedActions.find((a) => a.type === 'ATTACH_DOCUMENT');
  if (!allowed) {
    throw new CaseError('conflict', `case ${caseId} takes no documents in state ${before.states.join(', ')}`);
  }
  if (!allowed.roles.includes(actor.role)) {
    throw new CaseError(
      'forbidden',
      `role ${actor.role} may not upload documents; it is for: ${allowed.roles.join(', ')}`,
    );
  }
  const held = (before.context.documents as CaseDocument[]).map((d) => d.document.sha256);
  const stored = await storeDocument({
    bytes,
    kind,
    originalName: fileName,
    uploadedBy: actor,
    uploadedAt: now().toISOString(),
    caseDocuments: held,
  });
  if (!stored.ok) {
    const { code, message } = stored.refusal;
    throw invalidFields(`upload refused (${code})`, [{ path: 'file', message }]);
  }
  const { sha256, size, mediaType, originalName } = stored.document;
  const after = await cases.act(caseId, {
    type: 'ATTACH_DOCUMENT',
    actor,
    document: { sha256, size, mediaType, kind, originalName },
    ...checks,
  });
  const mine = (after.context.documents as CaseDocument[]).find((d) => d.document.sha256 === sha256);
  if (!mine) throw new Error(`case ${caseId} did not record document ${sha256}`);
  return { case: after, verdict: mine.verdict };
}
