import type { AnyStateNode, StateValue } from 'xstate';
import type { Role } from '../../domain/actor';

/** The parameters of the one guard every event from outside carries: who may send it, and what must hold. */
export interface MayParams<C extends string = string> {
  roles: readonly Role[];
  conditions: readonly C[];
}

/** One transition of a machine as declared: where it starts and what its `may` guard asks for. */
export interface DeclaredTransition<T extends string = string, C extends string = string> {
  type: T;
  source: StateValue;
  may: MayParams<C> | null;
}

/** Anything that can tell whether a state value is active: a snapshot. */
interface Matcher {
  matches(value: never): boolean;
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
        type,
        source: node.path.length === 0 ? {} : valueOf(node.path),
        may: guard?.type === 'may' && guard.params ? guard.params : null,
      });
    }
  }
  for (const child of Object.values(node.states)) collect(child, out);
}

/** Every event transition of a machine, read from its definition: what refusals and allowed actions read. */
export function declaredTransitions<T extends string, C extends string>(
  root: AnyStateNode,
): readonly DeclaredTransition<T, C>[] {
  const out: DeclaredTransition[] = [];
  collect(root, out);
  return out as DeclaredTransition<T, C>[];
}

const isRoot = (v: StateValue) => typeof v === 'object' && Object.keys(v).length === 0;
const active = (s: Matcher, t: DeclaredTransition) => isRoot(t.source) || s.matches(t.source as never);

/** The transitions for `type` whose source state is active now. */
export function activeTransitionsOf<T extends string, C extends string>(
  declared: readonly DeclaredTransition<T, C>[],
  s: Matcher,
  type: string,
): DeclaredTransition<T, C>[] {
  return declared.filter((t) => t.type === type && active(s, t));
}

/** Every event type some active state declares, with the roles its transitions name. */
export function activeEventRolesOf<T extends string, C extends string>(
  declared: readonly DeclaredTransition<T, C>[],
  s: Matcher,
): Map<T, Set<Role>> {
  const out = new Map<T, Set<Role>>();
  for (const t of declared) {
    if (!t.may || !active(s, t)) continue;
    const roles = out.get(t.type) ?? new Set<Role>();
    for (const r of t.may.roles) roles.add(r);
    out.set(t.type, roles);
  }
  return out;
}

/** Every leaf state as a dotted path, e.g. `preDeparture.leave.pending`. */
export function leafPaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [prefix + key] : leafPaths(child as StateValue, `${prefix}${key}.`),
  );
}

/** The stage: what search attributes and lists call it; the `open` grouping is looked through. */
export function stageOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [top, child] = Object.entries(value)[0] ?? ['unknown', undefined];
  if (top === 'open' && child !== undefined) return stageOf(child as StateValue);
  return top;
}
