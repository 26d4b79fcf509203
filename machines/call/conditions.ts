import { instantMs } from '../../domain/calendar';
import type { CallContext, CallEvent } from './context';

/** How a refusal reads to a client; each maps to one HTTP status (see client/calls.ts). */
export const CALL_REFUSAL = {
  invalidPayload: 'InvalidPayload',
  roleNotAllowed: 'RoleNotAllowed',
  notInScope: 'NotInScope',
  actionNotAllowed: 'ActionNotAllowed',
} as const;
export type CallRefusalType = (typeof CALL_REFUSAL)[keyof typeof CALL_REFUSAL];

export interface CallRefusal {
  type: CallRefusalType;
  message: string;
  issues?: { path: string; message: string }[];
}

const conflict = (message: string): CallRefusal => ({ type: CALL_REFUSAL.actionNotAllowed, message });
const invalidField = (path: string, message: string): CallRefusal => ({
  type: CALL_REFUSAL.invalidPayload,
  message: `invalid action: ${path}: ${message}`,
  issues: [{ path, message }],
});

const caseOf = (e: CallEvent) => ('caseId' in e ? e.caseId : undefined);
const resultOf = (c: CallContext, e: CallEvent) => c.results?.find((r) => r.caseId === caseOf(e));

interface Condition {
  holds: (c: CallContext, e: CallEvent) => boolean;
  refusal: (c: CallContext, e: CallEvent) => CallRefusal;
}

/**
 * Every fact a call transition may require beyond the role, each with the reason it gives when it does
 * not hold. Transitions name them in `may(roles, ...conditions)`; nothing else refuses an action.
 */
export const CALL_CONDITIONS = {
  deadlinePassed: {
    holds: (c, e) => instantMs(e.at) >= instantMs(c.call.closesAt),
    refusal: (c) => conflict(`the call closes at ${c.call.closesAt}`),
  },
  knownApplicant: {
    holds: (c, e) => resultOf(c, e) !== undefined,
    refusal: (c, e) => invalidField('caseId', `${caseOf(e)} has not applied to call ${c.call.id}`),
  },
  overrideFits: {
    holds: (c, e) => {
      if (e.type !== 'OVERRIDE') return true;
      const r = resultOf(c, e);
      if (r?.rank === null || r?.rank === undefined) return e.outcome === 'not_selected';
      if (e.outcome !== 'selected') return e.placeId === undefined;
      const p = c.call.places.find((x) => x.id === e.placeId);
      const a = c.applicants[e.caseId]!;
      return (
        p !== undefined &&
        (!p.schools || p.schools.includes(a.school)) &&
        (!p.degrees || p.degrees.includes(a.degree))
      );
    },
    refusal: (c, e) => {
      if (e.type !== 'OVERRIDE') return conflict('not an override');
      const r = resultOf(c, e);
      if (r?.rank === null)
        return conflict(`${e.caseId} does not compete (${r.reason}); it can only be not selected`);
      if (e.outcome !== 'selected') return invalidField('placeId', `only a selection names a place`);
      const ids = c.call.places.map((p) => p.id).join(', ');
      return invalidField(
        'placeId',
        `a selection names a place of the call that fits the student: one of ${ids}`,
      );
    },
  },
  // DI's selections are served before the ranking: they may take at most the place's places between them.
  placeHasRoom: {
    holds: (c, e) => {
      if (e.type !== 'OVERRIDE' || e.outcome !== 'selected') return true;
      const p = c.call.places.find((x) => x.id === e.placeId)!;
      const forced = Object.entries(c.forced).filter(
        ([caseId, f]) => caseId !== e.caseId && f.outcome === 'selected' && f.placeId === p.id,
      );
      return forced.length < p.places;
    },
    refusal: (c, e) => {
      const p = c.call.places.find((x) => e.type === 'OVERRIDE' && x.id === e.placeId);
      return conflict(
        `every place of ${p?.name} (${p?.places}) is given by DI's overrides already; nobody is selected beyond the places`,
      );
    },
  },
  offerOpen: {
    holds: (c, e) => resultOf(c, e)?.offer != null,
    refusal: (c, e) => conflict(`${caseOf(e)} holds no open offer of a place in call ${c.call.id}`),
  },
  ownOffer: {
    holds: (c, e) => e.actor.role !== 'student' || c.applicants[caseOf(e) ?? '']?.studentId === e.actor.id,
    refusal: (_, e) => ({
      type: CALL_REFUSAL.notInScope,
      message: `student ${e.actor.id} may answer only their own offer`,
    }),
  },
  offerLapsed: {
    holds: (c, e) => {
      const offer = resultOf(c, e)?.offer;
      return offer != null && instantMs(e.at) >= instantMs(offer.expiresAt);
    },
    refusal: (c, e) => conflict(`the offer to ${caseOf(e)} is still open`),
  },
  selectedApplicant: {
    holds: (c, e) => resultOf(c, e)?.outcome === 'selected',
    refusal: (c, e) => conflict(`${caseOf(e)} holds no place of call ${c.call.id}`),
  },
  noOpenOffers: {
    holds: (c) => !(c.results ?? []).some((r) => r.offer),
    refusal: (c) =>
      conflict(
        `offers are still open (${(c.results ?? [])
          .filter((r) => r.offer)
          .map((r) => r.fullName)
          .join(', ')}); finalise once they are answered or lapse`,
      ),
  },
} satisfies Record<string, Condition>;

export type CallConditionName = keyof typeof CALL_CONDITIONS;
