import { refusalWith } from '../shared/refusal-of';
import { CONDITIONS, inScope, scopeRefusal, type Refusal } from './conditions';
import type { MachineEvent } from './events';
import { DECLARED } from './transitions';
import { allowedActions, type OutgoingCaseSnapshot } from './view';

const RULES = { declared: DECLARED, conditions: CONDITIONS, inScope, scopeRefusal, allowed: allowedActions };

/**
 * Why the machine refuses `event` now, or null when it accepts it: not declared here (409), not for this
 * role (403), not this actor's case (403), or the first condition that does not hold, in the words the
 * condition gives (see conditions.ts and machines/shared/refusal-of.ts, which reads them).
 */
export function refusalOf(s: OutgoingCaseSnapshot, event: MachineEvent, at: string): Refusal | null {
  return refusalWith(RULES, s, event, at);
}
