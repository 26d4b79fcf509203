import { initialTransition, transition, type AnyStateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { StaffRole, type Actor } from '../../domain/actor';
import type { FundingTrack } from '../../domain/case';
import { CASE_EVENT_TYPES, CaseEvent, type CaseEventInput, type CaseEventType } from '../../domain/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
import { leafPaths, type OutgoingCaseSnapshot } from '../../machines/outgoing-case/view';
import { caseInput } from '../helpers/fixtures';

/** Shared helpers for the machine tests: pure transitions, one valid event per (type, role), reachability. */

export type Basis = 'state_grant' | 'paid';
export type Combo = readonly [FundingTrack, Basis];
export type Snap = OutgoingCaseSnapshot;
type Action = { type: string; params?: unknown };

export const DAY_MS = 24 * 60 * 60 * 1000;
export const ROLES = StaffRole.options;

/** Every track and study basis the machine can be started with. */
export const COMBOS: readonly Combo[] = [
  ['self_funded', 'paid'],
  ['self_funded', 'state_grant'],
  ['mshe', 'state_grant'],
  ['mshe', 'paid'],
  ['erasmus', 'paid'],
  ['erasmus', 'state_grant'],
];
/** The combinations the brief names for the happy path. */
export const HAPPY_COMBOS: readonly Combo[] = [
  ['self_funded', 'paid'],
  ['self_funded', 'state_grant'],
  ['mshe', 'state_grant'],
  ['erasmus', 'paid'],
];

/** The spec: which roles may send each event (wherever the event is accepted at all). */
export const ALLOWED_ROLES: Record<CaseEventType, readonly StaffRole[]> = {
  SUBMIT_APPLICATION: ['student', 'di_officer'],
  CONFIRM_ELIGIBILITY: ['di_officer'],
  REJECT_APPLICATION: ['di_officer'],
  REGISTER_FOR_AUDITION: ['student', 'di_officer'],
  RECORD_AUDITION_PASSED: ['snss'],
  RECORD_AUDITION_FAILED: ['snss'],
  SELECT_FOR_PLACEMENT: ['di_officer'],
  DECLARE_NOT_SELECTED: ['di_officer'],
  NOMINATE_TO_PARTNER: ['di_officer'],
  RECORD_INVITATION_LETTER: ['di_officer', 'partner'],
  RECORD_PARTNER_DECLINED: ['di_officer', 'partner'],
  APPROVE_LEAVE: ['vice_rector'],
  REFUSE_LEAVE: ['vice_rector'],
  AGREE_CURRICULUM: ['dean_office'],
  SIGN_LEARNING_AGREEMENT: ['di_officer'],
  RECORD_VISA: ['student', 'di_officer'],
  CONFIRM_TUITION_PREPAID: ['finance'],
  DISBURSE_GRANT: ['finance'],
  DEPART: ['di_officer'],
  REQUEST_LEARNING_AGREEMENT_CHANGE: ['student', 'di_officer'],
  AGREE_LEARNING_AGREEMENT_CHANGE: ['dean_office'],
  END_MOBILITY: ['di_officer'],
  SUBMIT_RETURN_APPLICATION: ['student', 'di_officer'],
  RECORD_PARTNER_TRANSCRIPT: ['di_officer', 'partner'],
  ACCEPT_FINANCIAL_REPORT: ['finance'],
  RECALCULATE_CREDITS: ['dean_office'],
  WITHDRAW: ['student'],
  CANCEL: ['di_officer'],
  RECONCILE_FUNDS: ['finance'],
};

const REASON = { reason: 'the reason, stated' };
/** The schema-required payload of every event type, besides `type` and `actor`. */
export const PAYLOAD: Record<CaseEventType, Record<string, unknown>> = {
  ...(Object.fromEntries(CASE_EVENT_TYPES.map((t) => [t, {}])) as Record<
    CaseEventType,
    Record<string, unknown>
  >),
  REJECT_APPLICATION: REASON,
  RECORD_AUDITION_FAILED: REASON,
  DECLARE_NOT_SELECTED: REASON,
  RECORD_PARTNER_DECLINED: REASON,
  REFUSE_LEAVE: REASON,
  REQUEST_LEARNING_AGREEMENT_CHANGE: REASON,
  WITHDRAW: REASON,
  CANCEL: REASON,
  NOMINATE_TO_PARTNER: { partnerId: 'tum', partnerName: 'Technical University of Munich' },
  AGREE_CURRICULUM: { creditsPlanned: 30, creditsRequired: 30, retakeCourses: ['CSE201'] },
  RECALCULATE_CREDITS: { creditsTransferred: 27, retakeCourses: ['CSE301'] },
};

export const actorOf = (role: StaffRole): Actor => ({ id: `${role}-1`, role });

/** A schema-valid event of `type` sent by `role`, with `extra` fields overriding the default payload. */
export function ev(type: CaseEventType, role: StaffRole, extra: Record<string, unknown> = {}): CaseEvent {
  return CaseEvent.parse({ type, actor: actorOf(role), ...PAYLOAD[type], ...extra });
}

/** For every event type, one event per staff role. */
export const ALL_EVENTS: CaseEvent[] = CASE_EVENT_TYPES.flatMap((type) =>
  ROLES.map((role) => ev(type, role)),
);

export function inputFor([track, studyBasis]: Combo): OutgoingCaseInput {
  return caseInput(track, { studyBasis, studentId: 'STUDENT1', callId: 'call-test-2027' });
}

export function start(combo: Combo, input: OutgoingCaseInput = inputFor(combo)): Snap {
  return initialTransition(outgoingCaseMachine, input)[0];
}

export function step(snap: Snap, event: CaseEventInput | CaseEvent): [Snap, Action[]] {
  return transition(outgoingCaseMachine, snap, CaseEvent.parse(event));
}

/** Sends `events` in order, failing loudly if the machine refuses one of them. */
export function run(snap: Snap, events: readonly (CaseEventInput | CaseEvent)[]): Snap {
  return events.reduce((s, e) => {
    const event = CaseEvent.parse(e);
    if (!s.can(event))
      throw new Error(`${event.type} by ${event.actor.role} refused in ${leaves(s).join(',')}`);
    return step(s, event)[0];
  }, snap);
}

export const leaves = (snap: Snap): string[] => leafPaths(snap.value);

export const rolesAccepting = (snap: Snap, type: CaseEventType): StaffRole[] =>
  ROLES.filter((role) => snap.can(ev(type, role)));

/** The graph key of a snapshot: its value and the context that steers later transitions. */
export function keyOf(snap: Snap): string {
  const { grantDisbursed, outcome, partner } = snap.context;
  return JSON.stringify([snap.value, grantDisbursed, outcome?.kind ?? null, partner !== null]);
}

/** Every distinct reachable snapshot of the machine for `combo`, explored with every event from every role. */
export function reachableSnapshots(combo: Combo): Snap[] {
  const adjacency = getAdjacencyMap(outgoingCaseMachine, {
    input: inputFor(combo),
    events: ALL_EVENTS,
    filterEvents: (snap, event) => snap.can(event),
    serializeState: (snap) => keyOf(snap),
  });
  return Object.values(adjacency).map((v) => v.state);
}

/** Every atomic or final state node of the machine, found by walking `root`. */
export function leafStateNodes(node: AnyStateNode = outgoingCaseMachine.root): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [node];
  return children.flatMap((child) => leafStateNodes(child));
}

export const raiseActions = (actions: Action[]) => actions.filter((a) => a.type === 'xstate.raise');
export const cancelActions = (actions: Action[]) => actions.filter((a) => a.type === 'xstate.cancel');
export const notifications = (actions: Action[]) =>
  actions.filter((a) => a.type === 'notify').map((a) => a.params as { template: string; to: string });
