import type { Role } from '../../domain/actor';
import { activeEventRolesOf, activeTransitionsOf, declaredTransitions } from '../shared/declared';
import type { DeclaredTransition as Declared } from '../shared/declared';
import type { MachineEventType } from './events';
import { outgoingCaseMachine } from './machine';
import type { ConditionName } from './conditions';
import type { OutgoingCaseSnapshot } from './view';

/** One transition of the outgoing machine as declared: where it starts and what its `may` guard asks for. */
export type DeclaredTransition = Declared<MachineEventType, ConditionName>;

/** Every event transition of the machine, read once from its definition. */
export const DECLARED: readonly DeclaredTransition[] = declaredTransitions(outgoingCaseMachine.root);

/** The transitions for `type` whose source state is active now. */
export const activeTransitions = (s: OutgoingCaseSnapshot, type: string): DeclaredTransition[] =>
  activeTransitionsOf(DECLARED, s, type);

/** Every event type some active state declares, with the roles its transitions name. */
export const activeEventRoles = (s: OutgoingCaseSnapshot): Map<MachineEventType, Set<Role>> =>
  activeEventRolesOf(DECLARED, s);
