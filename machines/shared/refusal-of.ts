import type { Role } from '../../domain/actor';
import { activeTransitionsOf, leafPaths, type DeclaredTransition } from './declared';
import { REFUSAL, type Refusal } from './refusal';

type Actor = { id: string; role: Role };

interface Snapshot<C, E> {
  context: C;
  value: Parameters<typeof leafPaths>[0];
  status: string;
  can(event: E): boolean;
  matches(value: never): boolean;
}

/** What a machine gives to have its refusals read off its declared transitions. */
export interface RefusalRules<C, E extends { type: string; actor: Actor }, S extends Snapshot<C, E>> {
  declared: readonly DeclaredTransition[];
  conditions: Record<string, { holds(c: C, e: E): boolean; refusal(c: C, e: E): Refusal }>;
  /** Whether the actor may act on this case at all; `strict` asks for the validator's reading. */
  inScope(c: C, actor: Actor, strict: boolean): boolean;
  scopeRefusal(c: C, actor: Actor): Refusal;
  allowed(s: S, at: string): { type: string; roles: readonly string[] }[];
}

/**
 * Why the machine refuses `event` now, or null when it accepts it. Read off the transitions the active
 * states declare for the event: not declared here (409), not for this role (403), not this actor's case
 * (403), or the first condition that does not hold, in the words the condition gives.
 */
export function refusalWith<C, E extends { type: string; actor: Actor }, S extends Snapshot<C, E>>(
  rules: RefusalRules<C, E, S>,
  s: S,
  event: E,
  at: string,
): Refusal | null {
  if (!rules.inScope(s.context, event.actor, true)) return rules.scopeRefusal(s.context, event.actor);
  if (s.can(event)) return null;
  const state = leafPaths(s.value).join(', ');
  const candidates = activeTransitionsOf(rules.declared, s, event.type).filter((t) => t.may);
  if (candidates.length === 0 || s.status !== 'active') {
    const now = rules
      .allowed(s, at)
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
  if (!rules.inScope(s.context, event.actor, false)) return rules.scopeRefusal(s.context, event.actor);
  for (const t of forRole) {
    const failed = t.may!.conditions.find((name) => !rules.conditions[name]!.holds(s.context, event));
    if (failed) return rules.conditions[failed]!.refusal(s.context, event);
  }
  // Every declared guard passed, yet the machine refused: a guard outside `may` decided.
  return { type: REFUSAL.actionNotAllowed, message: `${event.type} is not allowed in state ${state}` };
}
