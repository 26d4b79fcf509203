import type { ApplicantResult } from '../../domain/call-applicant';
import type { CallRanking, CallState, CallView } from '../../domain/call-view';
import { taken } from './allocation';
import { allowedCallActions, type CallSnapshot } from './refusal';
import { propose } from './results';

export type { CallRanking, CallState, CallView };

export function callState(s: CallSnapshot): CallState {
  return (s.value === 'starting' ? 'draft' : s.value) as CallState;
}

export function callView(s: CallSnapshot): CallView {
  const c = s.context;
  const results = c.results ?? [];
  const count = (o: ApplicantResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const meta = s.getMeta() as Record<string, { label?: string } | undefined>;
  return {
    call: c.call,
    state: callState(s),
    stateLabel: meta[`call.${String(s.value)}`]?.label ?? String(s.value),
    applicants: Object.keys(c.applicants).length,
    // Nothing is taken before the ranking: an open call counts its applicants, not places given.
    places: c.call.places.map((p) => {
      const t = c.results ? taken(results, p.id) : null;
      return { ...p, taken: t, free: t === null ? null : p.places - t };
    }),
    counts: c.results
      ? {
          selected: count('selected'),
          waitlisted: count('waitlisted'),
          not_selected: count('not_selected'),
          offers: results.filter((r) => r.offer).length,
        }
      : null,
    closed: c.closed,
    publishedAt: c.publishedAt,
    cancelled: c.cancelled,
    allowedActions: allowedCallActions(s),
  };
}

/**
 * While the call is open its ranking is provisional: the allocation as if it closed now, so DI sees the
 * applicants in order as they join; nothing is bound until the call closes.
 */
export function callRanking(s: CallSnapshot): CallRanking {
  const c = s.context;
  return {
    callId: c.call.id,
    state: callState(s),
    published: c.publishedAt !== null,
    criteria: c.criteria,
    policyVersion: c.call.policyVersion,
    results: c.results ?? (s.value === 'open' ? propose(c) : []),
  };
}
