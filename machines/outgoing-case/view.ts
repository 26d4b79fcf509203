import type { SnapshotFrom, StateValue } from 'xstate';
import { StaffRole } from '../../domain/actor';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../domain/events';
import type { DeadlineMeta, StateMeta } from './context';
import type { MachineEvent } from './events';
import type { OutgoingCaseMachine } from './machine';

export type OutgoingCaseSnapshot = SnapshotFrom<OutgoingCaseMachine>;

export interface AllowedAction {
  type: CaseEventType;
  roles: StaffRole[];
}

/** The top-level state: what search attributes and lists call the case's stage. */
export function stageOf(value: StateValue): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? 'unknown');
}

/** Every leaf state as a dotted path, e.g. `preDeparture.leave.pending`. */
export function leafPaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [prefix + key] : leafPaths(child as StateValue, `${prefix}${key}.`),
  );
}

/**
 * Which events the machine accepts now and from which roles. Guards look only at the actor's role and
 * the case's context, never at other payload fields, so probing with a bare event per role is exact.
 */
export function allowedActions(snapshot: OutgoingCaseSnapshot): AllowedAction[] {
  if (snapshot.status !== 'active') return [];
  const allowed: AllowedAction[] = [];
  for (const type of CASE_EVENT_TYPES) {
    const roles = StaffRole.options.filter((role) =>
      snapshot.can({ type, actor: { id: 'probe', role } } as MachineEvent),
    );
    if (roles.length > 0) allowed.push({ type, roles });
  }
  return allowed;
}

/** The deadlines the active states watch, from their `meta`. */
export function activeDeadlines(snapshot: OutgoingCaseSnapshot): DeadlineMeta[] {
  const metas = Object.values(snapshot.getMeta()) as (StateMeta | undefined)[];
  return metas.flatMap((m) => (m?.deadline ? [m.deadline] : []));
}

export function stageLabel(snapshot: OutgoingCaseSnapshot): string {
  const metas = snapshot.getMeta() as Record<string, StateMeta | undefined>;
  const stage = stageOf(snapshot.value);
  return metas[`outgoingCase.${stage}`]?.stage ?? stage;
}
