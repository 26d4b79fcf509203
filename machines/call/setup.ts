import { assign, setup } from 'xstate';
import type { Role } from '../../domain/actor';
import { blankResult } from './allocation';
import { CALL_CONDITIONS, type CallConditionName } from './conditions';
import type { CallContext, CallEvent, CallInput } from './context';
import {
  acceptOffer,
  cancelAll,
  closeWaitlist,
  lapseOffer,
  offerFreePlaces,
  partnerDeclined,
  propose,
  release,
} from './results';

export interface CallMayParams {
  roles: readonly Role[];
  conditions: readonly CallConditionName[];
}

type Ev<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;
const without = <V>(table: Record<string, V>, key: string): Record<string, V> =>
  Object.fromEntries(Object.entries(table).filter(([k]) => k !== key));
const as = <T extends CallEvent['type']>(e: CallEvent, type: T) =>
  e.type === type ? (e as Ev<T>) : undefined;

/** The call's vocabulary: named, pure guards and actions over the applicant table and the results. */
export const callSetup = setup({
  types: { context: {} as CallContext, events: {} as CallEvent, input: {} as CallInput },
  guards: {
    may: ({ context, event }, params: CallMayParams) =>
      params.roles.includes(event.actor.role) &&
      params.conditions.every((name) => CALL_CONDITIONS[name].holds(context, event)),
    draft: ({ context }) => context.draft,
  },
  actions: {
    /**
     * The table is updated in place: a copy per join costs milliseconds at a few thousand rows (V8 copies
     * a large keyed object slowly), which made the joins quadratic and a workflow task of buffered joins
     * outlast its timeout (bench/call-trial.ts). No earlier snapshot of a call is read after a transition.
     */
    recordApplicant: assign(({ context, event }) => {
      const e = as(event, 'JOIN')!;
      // Facts sent again keep the first join's time: the case joined once.
      const joinedAt = context.applicants[e.applicant.caseId]?.joinedAt ?? e.at;
      context.applicants[e.applicant.caseId] = { ...e.applicant, joinedAt };
      const excluded = e.applicant.caseId in context.excluded;
      return {
        applicants: context.applicants,
        ...(excluded ? { excluded: without(context.excluded, e.applicant.caseId) } : {}),
      };
    }),
    recordLateApplicant: assign(({ context, event }) => {
      const e = as(event, 'JOIN')!;
      const why = `the eligibility was confirmed on ${e.at}, after the call closed on ${context.closed?.at}`;
      const joinedAt = context.applicants[e.applicant.caseId]?.joinedAt;
      return {
        applicants: {
          ...context.applicants,
          [e.applicant.caseId]: joinedAt ? { ...e.applicant, joinedAt } : e.applicant,
        },
        excluded: { ...context.excluded, [e.applicant.caseId]: why },
      };
    }),
    /** After publication a late applicant gets its result at once; the published ones do not move. */
    appendLateResult: assign(({ context, event }) => {
      const e = as(event, 'JOIN')!;
      if (context.results?.some((r) => r.caseId === e.applicant.caseId)) return {};
      const why = context.excluded[e.applicant.caseId]!;
      const late = {
        ...blankResult(e.applicant),
        outcome: 'not_selected' as const,
        reason: `not selected: ${why}`,
      };
      return { results: [...(context.results ?? []), late] };
    }),
    forgetApplicant: assign(({ context, event }) => {
      const e = as(event, 'LEAVE')!;
      const row = context.applicants[e.caseId];
      if (!row) return {};
      const left = { caseId: e.caseId, studentId: row.studentId, at: e.at, reason: e.reason };
      // In place, as a join is (above).
      delete context.applicants[e.caseId];
      return {
        applicants: context.applicants,
        left: [...(context.left ?? []), row.joinedAt ? { ...left, joinedAt: row.joinedAt } : left],
      };
    }),
    excludeApplicant: assign(({ context, event }) => {
      const e = as(event, 'LEAVE')!;
      return { excluded: { ...context.excluded, [e.caseId]: e.reason } };
    }),
    recordClose: assign(({ event }) => ({ closed: { at: event.at, by: event.actor } })),
    rank: assign(({ context }) => ({ results: propose(context) })),
    recordOverride: assign(({ context, event }) => {
      const e = as(event, 'OVERRIDE')!;
      const forced = { outcome: e.outcome, placeId: e.placeId, by: e.actor, reason: e.reason };
      return { forced: { ...context.forced, [e.caseId]: forced } };
    }),
    recordPublished: assign(({ context, event }) => ({
      publishedAt: event.at,
      results: offerFreePlaces(context, context.results ?? [], event.at),
    })),
    releasePlace: assign(({ context, event }) => {
      const e = as(event, 'LEAVE')!;
      return { results: offerFreePlaces(context, release(context.results ?? [], e.caseId, e.reason), e.at) };
    }),
    recordPartnerDeclined: assign(({ context, event }) => {
      const e = as(event, 'PARTNER_DECLINED')!;
      const placeId = context.results?.find((r) => r.caseId === e.caseId)?.placeId;
      const declinedPlaces = {
        ...context.declinedPlaces,
        [e.caseId]: [...(context.declinedPlaces[e.caseId] ?? []), ...(placeId ? [placeId] : [])],
      };
      const next = { ...context, declinedPlaces };
      return {
        declinedPlaces,
        results: offerFreePlaces(
          next,
          partnerDeclined(next, context.results ?? [], e.caseId, e.reason),
          e.at,
        ),
      };
    }),
    recordOfferAccepted: assign(({ context, event }) => {
      const e = as(event, 'ACCEPT_OFFER')!;
      return { results: acceptOffer(context, context.results ?? [], e.caseId) };
    }),
    recordOfferDeclined: assign(({ context, event }) => {
      const e = as(event, 'DECLINE_OFFER')!;
      const offer = context.results?.find((r) => r.caseId === e.caseId)?.offer;
      const results = lapseOffer(
        context.results ?? [],
        e.caseId,
        `declined the offer of ${offer?.placeName}`,
      );
      return { results: offerFreePlaces(context, results, e.at) };
    }),
    recordOfferExpired: assign(({ context, event }) => {
      const e = as(event, 'OFFER_EXPIRED')!;
      const offer = context.results?.find((r) => r.caseId === e.caseId)?.offer;
      const why = `the offer of ${offer?.placeName} was not answered by ${offer?.expiresAt}`;
      return { results: offerFreePlaces(context, lapseOffer(context.results ?? [], e.caseId, why), e.at) };
    }),
    closeWaitlist: assign(({ context }) => ({ results: closeWaitlist(context.results ?? []) })),
    recordCancelled: assign(({ context, event }) => {
      const e = as(event, 'CANCEL')!;
      return { cancelled: { by: e.actor, reason: e.reason }, results: cancelAll(context, e.reason) };
    }),
  },
});

/** The guard of an event from outside the machine: the roles that may send it and the facts it needs. */
export const may = (roles: Role[], ...conditions: CallConditionName[]) => ({
  type: 'may' as const,
  params: { roles, conditions },
});
