import { addWorkingDays, formatInZone, instantMs } from '../../domain/calendar';
import type { ApplicantResult } from '../../domain/call-applicant';
import { allocate, byRank, options, placedIn, renumberWaitlist, taken } from './allocation';
import type { CallContext } from './context';

/** The proposal from the applicant table as it stands, DI's overrides served first. */
export function propose(c: CallContext): ApplicantResult[] {
  return allocate(c.call, Object.values(c.applicants), c.criteria, c.forced, c.excluded);
}

const wants = (c: CallContext, caseId: string, placeId: string) =>
  !(c.declinedPlaces[caseId] ?? []).includes(placeId) &&
  options(c.applicants[caseId]!, c.call.places).some((p) => p.id === placeId);

/**
 * Every free place offered to the best-ranked waitlisted applicant who fits it, wants it and holds no
 * offer, until no place is free or nobody fits: the waitlist refills in rank order, never beyond places.
 */
export function offerFreePlaces(c: CallContext, results: ApplicantResult[], at: string): ApplicantResult[] {
  let out = renumberWaitlist(results);
  const expiresAt = formatInZone(
    c.calendar.timeZone,
    addWorkingDays(instantMs(at), c.offerWorkingDays, c.calendar),
  );
  for (const p of c.call.places) {
    while (taken(out, p.id) < p.places) {
      const next = out.find((r) => r.outcome === 'waitlisted' && !r.offer && wants(c, r.caseId, p.id));
      if (!next) break;
      out = out.map((r) =>
        r === next
          ? {
              ...r,
              offer: { placeId: p.id, placeName: p.name, expiresAt },
              reason: `offered ${p.name} from the waitlist (position ${r.waitlistPosition}); answer by ${expiresAt}`,
            }
          : r,
      );
    }
  }
  return out;
}

const update = (results: ApplicantResult[], caseId: string, f: (r: ApplicantResult) => ApplicantResult) =>
  results.map((r) => (r.caseId === caseId ? f(r) : r));

/** An applicant who leaves (withdrawn, cancelled) no longer holds a place, an offer or a waitlist position. */
export function release(results: ApplicantResult[], caseId: string, why: string): ApplicantResult[] {
  return update(results, caseId, (r) => ({
    ...r,
    outcome: 'not_selected',
    placeId: null,
    placeName: null,
    partnerId: null,
    allowances: null,
    offer: null,
    reason: `not selected any more: ${why}`,
  }));
}

/** An open offer accepted: the applicant is selected for the offered place. */
export function acceptOffer(c: CallContext, results: ApplicantResult[], caseId: string): ApplicantResult[] {
  return update(results, caseId, (r) => {
    const p = c.call.places.find((x) => x.id === r.offer?.placeId)!;
    return { ...r, ...placedIn(p), reason: `selected for ${p.name}: accepted the waitlist offer` };
  });
}

/** An offer declined or lapsed: the applicant leaves the waitlist, and the place goes to the next one. */
export function lapseOffer(results: ApplicantResult[], caseId: string, why: string): ApplicantResult[] {
  return update(results, caseId, (r) => ({
    ...r,
    outcome: 'not_selected',
    offer: null,
    reason: `not selected: ${why}`,
  }));
}

/**
 * The partner declined a selected student: the student takes the next of its places that has room, or
 * goes back on the waitlist at its rank (not selected when no place is left that fits it).
 */
export function partnerDeclined(
  c: CallContext,
  results: ApplicantResult[],
  caseId: string,
  why: string,
): ApplicantResult[] {
  const current = results.find((r) => r.caseId === caseId)!;
  const declined = current.placeId;
  const remaining = options(c.applicants[caseId]!, c.call.places).filter(
    (p) => p.id !== declined && !(c.declinedPlaces[caseId] ?? []).includes(p.id),
  );
  const without = release(results, caseId, why);
  const free = remaining.find((p) => taken(without, p.id) < p.places);
  if (free)
    return update(without, caseId, (r) => ({
      ...r,
      ...placedIn(free),
      reason: `selected for ${free.name}: ${current.placeName} declined (${why}), the next choice with a place left`,
    }));
  if (remaining.length === 0) return without;
  return update(without, caseId, (r) => ({
    ...r,
    outcome: 'waitlisted',
    reason: `waitlisted: ${current.placeName} declined (${why}); ${remaining.map((p) => p.name).join(', ')} full`,
  }));
}

/** The call is final: whoever is still waitlisted is not selected. */
export function closeWaitlist(results: ApplicantResult[]): ApplicantResult[] {
  return results
    .map((r) =>
      r.outcome === 'waitlisted'
        ? {
            ...r,
            outcome: 'not_selected' as const,
            waitlistPosition: null,
            reason: 'not selected: the call was finalised with no place left for this applicant',
          }
        : r,
    )
    .sort(byRank);
}

/** Everyone's result when the call is cancelled. */
export function cancelAll(c: CallContext, reason: string): ApplicantResult[] {
  return propose({ ...c, forced: {} }).map((r) => ({
    ...r,
    outcome: 'not_selected' as const,
    placeId: null,
    placeName: null,
    partnerId: null,
    allowances: null,
    waitlistPosition: null,
    offer: null,
    reason: `not selected: the call was cancelled (${reason})`,
  }));
}
