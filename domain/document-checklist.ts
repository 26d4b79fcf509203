import { z } from 'zod';
import { FundingTrack } from './case';
import { DocumentKind, type DocumentVerdict } from './document';

/** A fact of the case that decides whether an item is required at all. */
export const ChecklistCondition = z.enum(['english_certificate_needed']);
export type ChecklistCondition = z.infer<typeof ChecklistCondition>;

/**
 * One line of a track's checklist: satisfied by an accepted document of any of `anyOf`, or, for
 * paper originals, by staff confirming they received them (`staffConfirmation`).
 */
export const ChecklistItem = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/, 'item id must be lower-case letters, digits or underscores'),
    label: z.string().min(1),
    anyOf: z.array(DocumentKind).default([]),
    staffConfirmation: z.boolean().default(false),
    optional: z
      .boolean()
      .default(false)
      .describe('taken when given (e.g. social-priority documents), never awaited'),
    onlyIf: ChecklistCondition.optional(),
  })
  .strict()
  .refine((i) => i.anyOf.length > 0 || i.staffConfirmation, {
    message: 'a checklist item is satisfied by a document kind or by a staff confirmation',
  });
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** Documents each track requires at application: policy data (`tracks.*.requiredDocuments`). */
export const TrackChecklists = z.record(FundingTrack, z.array(ChecklistItem));
export type TrackChecklists = z.infer<typeof TrackChecklists>;

/** Each track's checklist, from the policy's tracks. */
export function trackChecklists(policy: {
  tracks: Record<FundingTrack, { requiredDocuments: ChecklistItem[] }>;
}): TrackChecklists {
  return {
    self_funded: policy.tracks.self_funded.requiredDocuments,
    mshe: policy.tracks.mshe.requiredDocuments,
    erasmus: policy.tracks.erasmus.requiredDocuments,
  };
}

/** The items that apply to a case of this track, given its facts. */
export function checklistFor(
  track: FundingTrack,
  conditions: Partial<Record<ChecklistCondition, boolean>>,
  checklists: TrackChecklists,
): ChecklistItem[] {
  return checklists[track].filter((item) => !item.onlyIf || conditions[item.onlyIf] === true);
}

export const ChecklistStatusValue = z.enum(['accepted', 'refused', 'missing']);
export type ChecklistStatusValue = z.infer<typeof ChecklistStatusValue>;

export interface ChecklistLine {
  id: string;
  label: string;
  /** An optional item never keeps the checklist from being complete. */
  optional: boolean;
  status: ChecklistStatusValue;
  /** The document that decides the status (accepted, or the latest refused one). */
  sha256?: string;
  /** Why it was refused: the failed rules of the latest verdict. */
  reasons: string[];
}

export interface ChecklistStatus {
  lines: ChecklistLine[];
  complete: boolean;
}

/**
 * Where a case stands against its checklist. `verdicts` are in the order the checks ran: for each
 * kind the latest verdict counts (a resubmission replaces what came before). An item of several
 * kinds is accepted when any of them is, refused when some was checked and none accepted, missing
 * otherwise. Staff-confirmed items are accepted once their id is in `confirmed`.
 * Documents the university issued itself (`issued`, e.g. the SNSS English certificate after a passed
 * audition) satisfy their items without an upload. A bare kind in `required` stands for an item of that kind.
 */
export function checklistStatus(
  required: readonly (DocumentKind | ChecklistItem)[],
  verdicts: readonly DocumentVerdict[],
  confirmed: readonly string[] = [],
  issued: readonly { kind: DocumentKind; by: string }[] = [],
): ChecklistStatus {
  const latest = new Map<DocumentKind, { v: DocumentVerdict; at: number }>();
  verdicts.forEach((v, at) => latest.set(v.kind, { v, at }));
  const lines = required.map((req): ChecklistLine => {
    const item: ChecklistItem =
      typeof req === 'string'
        ? { id: req, label: req.replace(/_/g, ' '), anyOf: [req], staffConfirmation: false, optional: false }
        : req;
    const base = { id: item.id, label: item.label, optional: item.optional };
    if (item.staffConfirmation && confirmed.includes(item.id)) {
      return { ...base, status: 'accepted', reasons: ['confirmed by staff'] };
    }
    const own = issued.find((d) => item.anyOf.includes(d.kind));
    if (own) return { ...base, status: 'accepted', reasons: [`issued by ${own.by}`] };
    const checked = item.anyOf
      .flatMap((k) => latest.get(k) ?? [])
      .sort((a, b) => a.at - b.at)
      .map((x) => x.v);
    const accepted = checked.find((v) => v.accepted);
    if (accepted) return { ...base, status: 'accepted', sha256: accepted.sha256, reasons: [] };
    const refused = checked.at(-1);
    if (refused) {
      const reasons = refused.reasons.filter((r) => !r.passed).map((r) => r.message);
      return { ...base, status: 'refused', sha256: refused.sha256, reasons };
    }
    return {
      ...base,
      status: 'missing',
      reasons: item.staffConfirmation ? ['awaiting staff confirmation'] : [],
    };
  });
  return { lines, complete: lines.every((l) => l.optional || l.status === 'accepted') };
}
