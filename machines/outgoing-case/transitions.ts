import type { AnyStateNode, StateValue } from 'xstate';
import type { Role } from '../../domain/actor';
import type { MachineEventType } from './events';
import { outgoingCaseMachine } from './machine';
import type { MayParams } from './setup';
import type { OutgoingCaseSnapshot } from './view';

/** One transition of the machine as declared: where it starts and what its `may` guard asks for. */
export interface DeclaredTransition {
  type: MachineEventType;
  source: StateValue;
  may: MayParams | null;
}

/** `['open', 'placement', 'nomination']` as the state value `{ open: { placement: 'nomination' } }`. */
function valueOf(path: readonly string[]): StateValue {
  const [leaf, ...parents] = [...path].reverse();
  return parents.reduce<StateValue>((child, key) => ({ [key]: child }), leaf!);
}

function collect(node: AnyStateNode, out: DeclaredTransition[]): void {
  for (const [type, defs] of Object.entries(node.on)) {
    for (const def of defs) {
      const guard = def.guard as { type?: string; params?: MayParams } | undefined;
      out.push({
        type: type as MachineEventType,
        source: node.path.length === 0 ? {} : valueOf(node.path),
        may: guard?.type === 'may' && guard.params ? guard.params : null,
      });
    }
  }
  for (const child of Object.values(node.states)) collect(child, out);
}

/** Every event transition of the machine, read once from its definition. */
export const DECLARED: readonly DeclaredTransition[] = (() => {
  const out: DeclaredTransition[] = [];
  collect(outgoingCaseMachine.root, out);
  return out;
})();

/** The transitions for `type` whose source state is active now. */
export function activeTransitions(s: OutgoingCaseSnapshot, type: string): DeclaredTransition[] {
  return DECLARED.filter((t) => t.type === type && (isRoot(t.source) || s.matches(t.source as never)));
}

/** Every event type some active state declares, with the roles its transitions name. */
export function activeEventRoles(s: OutgoingCaseSnapshot): Map<MachineEventType, Set<Role>> {
  const out = new Map<MachineEventType, Set<Role>>();
  for (const t of DECLARED) {
    if (!t.may || !(isRoot(t.source) || s.matches(t.source as never))) continue;
    const roles = out.get(t.type) ?? new Set<Role>();
    for (const r of t.may.roles) roles.add(r);
    out.set(t.type, roles);
  }
  return out;
}

const isRoot = (v: StateValue) => typeof v === 'object' && Object.keys(v).length === 0;
