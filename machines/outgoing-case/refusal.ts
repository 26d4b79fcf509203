import { CONDITIONS, REFUSAL, inScope, scopeRefusal, type Refusal } from './conditions';
import type { MachineEvent } from './events';
import { activeTransitions } from './transitions';
import { allowedActions, leafPaths, type OutgoingCaseSnapshot } from './view';

/**
 * Why the machine refuses `event` now, or null when it accepts it. Read off the transitions the active
 * states declare for the event: not declared here (409), not for this role (403), not this actor's case
 * (403), or the first condition that does not hold, in the words the condition gives (see conditions.ts).
 */
export function refusalOf(s: OutgoingCaseSnapshot, event: MachineEvent, at: string): Refusal | null {
  if (!inScope(s.context, event.actor, true)) return scopeRefusal(s.context, event.actor);
  if (s.can(event)) return null;
  const state = leafPaths(s.value).join(', ');
  const candidates = activeTransitions(s, event.type).filter((t) => t.may);
  if (candidates.length === 0 || s.status !== 'active') {
    const now = allowedActions(s, at)
      .map((a) => `${a.type} (${a.roles.join(', ')})`)
      .join(', ');
    return {
      type: REFUSAL.actionNotAllowed,
      message: `${event.type} is not allowed in state ${state}; allowed now: ${now || 'nothing'}`,
    };
  }
  const forRole = candidates.filter((t) => t.may!.roles.includes(event.actor.role));
  if (forRole.length === 0) {
    const roles = [...new Set(candidates.flatMap((t) => t.may!.roles))];
    return {
      type: REFUSAL.roleNotAllowed,
      message: `role ${event.actor.role} may not send ${event.type}; it is for: ${roles.join(', ')}`,
    };
  }
  if (!inScope(s.context, event.actor)) return scopeRefusal(s.context, event.actor);
  for (const t of forRole) {
    const failed = t.may!.conditions.find((name) => !CONDITIONS[name].holds(s.context, event));
    if (failed) return CONDITIONS[failed].refusal(s.context, event);
  }
  // Every declared guard passed, yet the machine refused: a guard outside `may` (none today) decided.
  return { type: REFUSAL.actionNotAllowed, message: `${event.type} is not allowed in state ${state}` };
}
