import type { AnyStateNode, SnapshotFrom } from 'xstate';
import { CALL_ACTION_TYPES, type CallActionType } from '../../domain/call-events';
import type { Role, StaffRole } from '../../domain/actor';
import { CALL_CONDITIONS, CALL_REFUSAL, type CallRefusal } from './conditions';
import type { CallEvent } from './context';
import { callMachine, type CallMachine } from './machine';
import type { CallMayParams } from './setup';

export type CallSnapshot = SnapshotFrom<CallMachine>;

interface Declared {
  type: string;
  state: string;
  may: CallMayParams | null;
}

/** Every event transition of the call machine, read once from its definition. */
const DECLARED: readonly Declared[] = (() => {
  const out: Declared[] = [];
  const collect = (node: AnyStateNode) => {
    for (const [type, defs] of Object.entries(node.on))
      for (const def of defs) {
        const g = def.guard as { type?: string; params?: CallMayParams } | undefined;
        out.push({ type, state: node.key, may: g?.type === 'may' && g.params ? g.params : null });
      }
    Object.values(node.states).forEach(collect);
  };
  collect(callMachine.root);
  return out;
})();

const active = (s: CallSnapshot) => DECLARED.filter((t) => t.may && s.value === t.state);

/** Which actions the call takes now, and from which roles (a student answering its own offer only). */
export function allowedCallActions(s: CallSnapshot): { type: CallActionType; roles: StaffRole[] }[] {
  const out = new Map<CallActionType, Set<StaffRole>>();
  for (const t of active(s)) {
    if (!(CALL_ACTION_TYPES as string[]).includes(t.type)) continue;
    for (const r of t.may!.roles)
      if (r !== 'system')
        out.set(t.type as CallActionType, (out.get(t.type as CallActionType) ?? new Set()).add(r));
  }
  return [...out].map(([type, roles]) => ({ type, roles: [...roles] }));
}

/**
 * Why the call refuses `event` now, or null: read off the transitions its state declares: not here
 * (409), not for this role (403), or the first condition that does not hold, in its own words.
 */
export function callRefusalOf(s: CallSnapshot, event: CallEvent): CallRefusal | null {
  if (s.can(event)) return null;
  const candidates = active(s).filter((t) => t.type === event.type);
  if (candidates.length === 0 || s.status !== 'active') {
    const now = allowedCallActions(s)
      .map((a) => `${a.type} (${a.roles.join(', ')})`)
      .join(', ');
    return {
      type: CALL_REFUSAL.actionNotAllowed,
      message: `${event.type} is not allowed while the call is ${s.value}; allowed now: ${now || 'nothing'}`,
    };
  }
  const forRole = candidates.filter((t) => t.may!.roles.includes(event.actor.role as Role));
  if (forRole.length === 0) {
    const roles = [...new Set(candidates.flatMap((t) => t.may!.roles))];
    return {
      type: CALL_REFUSAL.roleNotAllowed,
      message: `role ${event.actor.role} may not send ${event.type} to a call; it is for: ${roles.join(', ')}`,
    };
  }
  for (const t of forRole) {
    const failed = t.may!.conditions.find((n) => !CALL_CONDITIONS[n].holds(s.context, event));
    if (failed) return CALL_CONDITIONS[failed].refusal(s.context, event);
  }
  return {
    type: CALL_REFUSAL.actionNotAllowed,
    message: `${event.type} is not allowed while the call is ${s.value}`,
  };
}
