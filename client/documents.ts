import { z } from 'zod';
import type { DocumentActivities } from '../activities/documents/activities';
import { Actor } from '../domain/actor';
import { createHash } from 'node:crypto';
import type { ActionResult } from '../domain/case-view';
import {
  DocumentKind,
  IeltsBand,
  IsoDate,
  type DocumentVerdict,
  type StoredDocument,
} from '../domain/document';
import type { Refusal } from '../workflows/outgoing-case/messages';
import { invalid, invalidFields, refusalError } from './errors';

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

export interface UploadResult<R extends { document: DocumentVerdict | null } = ActionResult> {
  result: R;
  verdict: DocumentVerdict;
}

/** Outgoing and incoming cases alike: a dry run of the validator, and the action. */
interface Cases<R> {
  refusal(caseId: string, event: unknown): Promise<Refusal | null>;
  act(caseId: string, event: unknown): Promise<R>;
}

/**
 * An upload into a case: the case's machine is asked first whether it takes this file from this actor
 * (a dry run of the same validator, by the bytes' hash), then the bytes are screened and stored (empty,
 * oversized, mistyped, executable and bomb files are refused and nothing is stored), then the case checks
 * the document and records the verdict.
 */
export async function uploadDocument<R extends { document: DocumentVerdict | null }>(
  cases: Cases<R>,
  storeDocument: DocumentActivities['storeDocument'],
  caseId: string,
  raw: unknown,
  bytes: Uint8Array,
  now: () => Date,
): Promise<UploadResult<R>> {
  const parsed = UploadFields.safeParse(raw);
  if (!parsed.success) throw invalid('invalid upload', parsed.error);
  const { kind, actor, fileName, ...checks } = parsed.data;
  const event = (document: Pick<StoredDocument, 'sha256' | 'size' | 'mediaType' | 'originalName'>) => ({
    type: 'ATTACH_DOCUMENT',
    actor,
    document: { ...document, kind },
    ...checks,
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The machine decides by hash and kind; what screening will find of the bytes comes after.
  const probe = {
    sha256,
    size: Math.max(bytes.byteLength, 1),
    mediaType: 'application/pdf' as const,
    originalName: fileName,
  };
  const refused = await cases.refusal(caseId, event(probe));
  if (refused) throw refusalError(refused);
  const stored = await storeDocument({
    bytes,
    kind,
    originalName: fileName,
    uploadedBy: actor,
    uploadedAt: now().toISOString(),
  });
  if (!stored.ok) {
    const { code, message } = stored.refusal;
    throw invalidFields(`upload refused (${code})`, [{ path: 'file', message }]);
  }
  const { size, mediaType, originalName } = stored.document;
  const result = await cases.act(
    caseId,
    event({ sha256: stored.document.sha256, size, mediaType, originalName }),
  );
  if (!result.document) throw new Error(`case ${caseId} did not record document ${sha256}`);
  return { result, verdict: result.document };
}
