import type { Actor } from '../../domain/actor';
import type { Call, CallPlace } from '../../domain/call';
import type { ApplicantResult, CallApplicant, ResultOutcome } from '../../domain/call-applicant';
import type { RankingCriterion } from '../../domain/policy';
import { rankApplicants } from '../ranking';

/** DI's override of one proposed result, with its written reason. */
export interface Forced {
  outcome: ResultOutcome;
  placeId?: string;
  by: Actor;
  reason: string;
}

/** Whether a student may be placed in a pool: its schools and levels, where it names them. */
export function fits(a: Pick<CallApplicant, 'school' | 'degree'>, p: CallPlace): boolean {
  return (!p.schools || p.schools.includes(a.school)) && (!p.degrees || p.degrees.includes(a.degree));
}

/** The places an applicant can be given, in the applicant's order (no preferences: the call's order). */
export function options(a: CallApplicant, places: readonly CallPlace[]): CallPlace[] {
  const wanted =
    a.preferences.length === 0 ? places : a.preferences.flatMap((id) => places.filter((p) => p.id === id));
  return wanted.filter((p) => fits(a, p));
}

/** A result with nothing decided yet. */
export const blankResult = (a: CallApplicant) => ({
  caseId: a.caseId,
  studentId: a.studentId,
  fullName: a.fullName,
  rank: null,
  rankReason: null,
  placeId: null,
  placeName: null,
  partnerId: null,
  allowances: null,
  waitlistPosition: null,
  offer: null,
  overridden: null,
});

/** A result placing the applicant in `p`. */
export function placedIn(p: CallPlace) {
  return {
    outcome: 'selected' as const,
    placeId: p.id,
    placeName: p.name,
    partnerId: p.partnerId ?? null,
    allowances: p.allowances ?? null,
    waitlistPosition: null,
    offer: null,
  };
}

/** Waitlist positions follow the rank: 1 is the best-ranked waitlisted applicant. */
export function renumberWaitlist(results: ApplicantResult[]): ApplicantResult[] {
  let position = 0;
  return [...results]
    .sort(byRank)
    .map((r) =>
      r.outcome === 'waitlisted' ? { ...r, waitlistPosition: ++position } : { ...r, waitlistPosition: null },
    );
}

/** Ranked first, best rank first; then the unranked by case id. */
export function byRank(a: ApplicantResult, b: ApplicantResult): number {
  if (a.rank !== null && b.rank !== null) return a.rank - b.rank;
  if (a.rank !== null) return -1;
  if (b.rank !== null) return 1;
  return a.caseId.localeCompare(b.caseId);
}

/**
 * The proposed allocation of a call: every applicant gets exactly one result. Eligible applicants are
 * ranked by the policy's criteria (ties broken by case id), then served in rank order, each taking the
 * first of its places that still has room (serial dictatorship): nobody is placed beyond a pool's places,
 * and a higher-ranked applicant is never displaced by a lower-ranked one for a place both want.
 * Applicants who fit a place that is full are waitlisted in rank order. DI's overrides are served first.
 * `excluded` names applicants who do not compete (late, withdrawn) with the reason.
 */
export function allocate(
  call: Pick<Call, 'places'>,
  applicants: readonly CallApplicant[],
  criteria: readonly RankingCriterion[],
  forced: Readonly<Record<string, Forced>> = {},
  excluded: Readonly<Record<string, string>> = {},
): ApplicantResult[] {
  const { places } = call;
  const out: ApplicantResult[] = [];
  const competing: CallApplicant[] = [];
  for (const a of applicants) {
    const why = excluded[a.caseId] ?? (a.eligible ? undefined : 'not eligible under the call’s rules');
    if (why) out.push({ ...blankResult(a), outcome: 'not_selected', reason: `not selected: ${why}` });
    else competing.push(a);
  }
  const room = new Map(places.map((p) => [p.id, p.places]));
  for (const f of Object.values(forced)) {
    if (f.outcome === 'selected' && f.placeId !== undefined)
      room.set(f.placeId, (room.get(f.placeId) ?? 0) - 1);
  }
  const byCase = new Map(competing.map((a) => [a.caseId, a]));
  for (const ranked of rankApplicants(competing, criteria, null)) {
    const a = byCase.get(ranked.caseId)!;
    const base = { ...blankResult(a), rank: ranked.rank, rankReason: ranked.reason };
    const f = forced[a.caseId];
    if (f) {
      const p = places.find((x) => x.id === f.placeId);
      const overridden = { by: f.by, reason: f.reason };
      if (f.outcome === 'selected' && p)
        out.push({
          ...base,
          ...placedIn(p),
          reason: `selected for ${p.name} by DI: ${f.reason}`,
          overridden,
        });
      else
        out.push({
          ...base,
          outcome: f.outcome === 'waitlisted' ? 'waitlisted' : 'not_selected',
          reason: `${f.outcome === 'waitlisted' ? 'waitlisted' : 'not selected'} by DI: ${f.reason}`,
          overridden,
        });
      continue;
    }
    const opts = options(a, places);
    if (opts.length === 0) {
      out.push({
        ...base,
        outcome: 'not_selected',
        reason: `not selected: no place of the call takes a ${a.degree} student of ${a.school}${a.preferences.length ? ' among the preferences given' : ''}`,
      });
      continue;
    }
    const k = opts.findIndex((p) => (room.get(p.id) ?? 0) > 0);
    if (k >= 0) {
      const p = opts[k]!;
      room.set(p.id, room.get(p.id)! - 1);
      const full = opts.slice(0, k).map((x) => x.name);
      out.push({
        ...base,
        ...placedIn(p),
        reason: `selected for ${p.name} at rank ${ranked.rank} (choice ${k + 1} of ${opts.length})${full.length ? `; ${full.join(', ')} filled by higher-ranked applicants` : ''}`,
      });
    } else {
      out.push({
        ...base,
        outcome: 'waitlisted',
        reason: `waitlisted at rank ${ranked.rank}: ${opts.map((p) => p.name).join(', ')} filled by higher-ranked applicants`,
      });
    }
  }
  return renumberWaitlist(out);
}

/** How many of a pool's places are taken: selected applicants and open offers. */
export function taken(results: readonly ApplicantResult[], placeId: string): number {
  return results.filter(
    (r) => (r.outcome === 'selected' && r.placeId === placeId) || r.offer?.placeId === placeId,
  ).length;
}
