import { Call, callPolicyIssues, OPEN_CALL_ROLES, OpenCallRequest } from '../domain/call';
import type { Policy } from '../domain/policy';
import type { AgreementStore } from '../stores/agreements';
import { CallClient, type CallRegistry } from '../client/calls';
import { CaseError, invalid, invalidFields } from '../client/errors';
import { workOutPlaces } from './call-places';

export type { CallRegistry };

export interface CallRegistryDeps {
  calls: CallClient;
  policy: Policy;
  agreements: AgreementStore;
  now?: () => Date;
}

/** A call takes cases (and a case pins it) from when it opens until its results are final. */
const TAKES_CASES = new Set(['open', 'closed', 'ranked', 'published']);

/**
 * The call registry: who may open a call, what the policy and the partner agreements allow in it, and
 * the call workflow that is then its system of record.
 */
export function createCallRegistry({
  calls,
  policy,
  agreements,
  now = () => new Date(),
}: CallRegistryDeps): CallRegistry {
  return {
    async open(request) {
      const parsed = OpenCallRequest.safeParse(request);
      if (!parsed.success) throw invalid('invalid call', parsed.error);
      const { actor, draft } = parsed.data;
      // What the call keeps of the request; regions and partners become its places.
      const fields = Object.fromEntries(
        Object.entries(parsed.data).filter(([k]) => !['actor', 'draft', 'regions', 'partners'].includes(k)),
      );
      if (!(OPEN_CALL_ROLES as readonly string[]).includes(actor.role)) {
        throw new CaseError(
          'forbidden',
          `role ${actor.role} may not open a call; it is for: ${OPEN_CALL_ROLES.join(', ')}`,
        );
      }
      const issues = callPolicyIssues(parsed.data, policy);
      if (issues.length > 0) throw invalidFields('invalid call', issues);
      const worked = workOutPlaces(parsed.data, policy, await agreements.list());
      if ('issues' in worked) throw invalidFields('invalid call', worked.issues);
      const call = Call.parse({
        ...fields,
        ...worked,
        policyVersion: policy.version,
        openedBy: actor,
        openedAt: now().toISOString(),
      });
      return calls.start({
        call,
        criteria: policy.mshe.rankingCriteria,
        calendar: {
          timeZone: policy.timeZone,
          holidays: policy.holidays,
          workingWeekendDays: policy.workingWeekendDays,
        },
        offerWorkingDays: policy.timings.waitlistOfferWorkingDays,
        draft: draft === true,
      });
    },
    async get(callId) {
      const view = await calls.view(callId).catch((err: unknown) => {
        if (err instanceof CaseError && err.kind !== 'conflict') return null;
        throw err;
      });
      return view && TAKES_CASES.has(view.state) ? view.call : null;
    },
    view: (callId) => calls.view(callId),
    page: (query) => calls.page(query),
    list: (max) => calls.list(max),
    act: (callId, action) => calls.act(callId, action),
    ranking: (callId) => calls.ranking(callId),
    history: (callId) => calls.history(callId),
  };
}
