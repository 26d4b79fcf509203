import type { CallDecision } from '../../domain/call-applicant';
import type { CallSnapshot } from '../../machines/call/refusal';

/** What each case was last told, as a short fingerprint of its decision, by case id. */
export type Told = Record<string, string>;

/** FNV-1a: a short, deterministic fingerprint, so the carried-over table stays small. */
function fingerprintOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/**
 * The decisions cases have not been told yet: once the results are published (or the call is cancelled),
 * every result that differs from what its case last heard, best rank first.
 */
export function decisionsToTell(
  s: CallSnapshot,
  told: Told,
): { caseId: string; decision: CallDecision; fingerprint: string }[] {
  const c = s.context;
  if (c.publishedAt === null && c.cancelled === null) return [];
  return (c.results ?? []).flatMap((r) => {
    const decision: CallDecision = {
      callId: c.call.id,
      outcome: r.outcome,
      rank: r.rank,
      placeId: r.placeId,
      placeName: r.placeName,
      partnerId: r.partnerId,
      allowances: r.allowances,
      waitlistPosition: r.waitlistPosition,
      reason: r.reason,
      offer: r.offer,
    };
    const fingerprint = fingerprintOf(JSON.stringify(decision));
    return told[r.caseId] === fingerprint ? [] : [{ caseId: r.caseId, decision, fingerprint }];
  });
}
