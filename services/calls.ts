import { Call, callPolicyIssues, OPEN_CALL_ROLES, OpenCallRequest } from '../domain/call';
import type { Policy } from '../domain/policy';
import type { CallStore } from '../stores/calls';
import type { CallRegistry } from '../client/calls';
import { CaseError, invalid, invalidFields } from '../client/errors';

export type { CallRegistry };

export interface CallRegistryDeps {
  store: CallStore;
  policy: Policy;
  now?: () => Date;
}

/** The call registry: who may open a call and what the policy allows in it, over a call store. */
export function createCallRegistry({
  store,
  policy,
  now = () => new Date(),
}: CallRegistryDeps): CallRegistry {
  return {
    async open(request) {
      const parsed = OpenCallRequest.safeParse(request);
      if (!parsed.success) throw invalid('invalid call', parsed.error);
      const { actor, ...fields } = parsed.data;
      if (!(OPEN_CALL_ROLES as readonly string[]).includes(actor.role)) {
        throw new CaseError(
          'forbidden',
          `role ${actor.role} may not open a call; it is for: ${OPEN_CALL_ROLES.join(', ')}`,
        );
      }
      const issues = callPolicyIssues(fields, policy);
      if (issues.length > 0) throw invalidFields('invalid call', issues);
      const call = Call.parse({ ...fields, openedBy: actor, openedAt: now().toISOString() });
      if (!(await store.insert(call))) {
        throw new CaseError('conflict', `call ${call.id} is already open; a changed call needs a new id`);
      }
      return call;
    },
    get: (callId) => store.get(callId),
    list: () => store.list(),
  };
}
