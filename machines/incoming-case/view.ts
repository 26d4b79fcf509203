import type { SnapshotFrom } from 'xstate';
import type { Role, StaffRole } from '../../domain/actor';
import { INCOMING_EVENT_TYPES, type IncomingEventType } from '../../domain/incoming';
import {
  activeEventRolesOf,
  declaredTransitions,
  leafPaths,
  stageOf,
  type DeclaredTransition,
} from '../shared/declared';
import { refusalWith } from '../shared/refusal-of';
import type { Refusal } from '../shared/refusal';
import { CONDITIONS, inScope, scopeRefusal, type ConditionName } from './conditions';
import type { IncomingCaseContext, IncomingDeadlineMeta, IncomingStateMeta } from './context';
import type { IncomingMachineEvent, IncomingMachineEventType } from './events';
import { incomingCaseMachine, type IncomingCaseMachine } from './machine';

export type IncomingCaseSnapshot = SnapshotFrom<IncomingCaseMachine>;

export const DECLARED: readonly DeclaredTransition<IncomingMachineEventType, ConditionName>[] =
  declaredTransitions(incomingCaseMachine.root);

const STAFF_EVENTS = new Set<string>(INCOMING_EVENT_TYPES);

/** Whoever of `role` the case lets act: its own student, its partner, any member of an office. */
export function actorInScope(c: IncomingCaseContext, role: Role): { id: string; role: Role } {
  if (role === 'student') return { id: c.student.partnerStudentId, role };
  if (role === 'partner') return { id: c.partner.id, role };
  return { id: `any-${role}`, role };
}

/**
 * The event `type` as the workflow would hand it to the machine, with payload fields that pass the
 * guards where they can (a new file of a kind the checklist asks for, the courses awaited), so a refusal
 * of the probe is a refusal of every such event.
 */
export function probeEvent(
  c: IncomingCaseContext,
  type: IncomingEventType,
  actor: { id: string; role: Role },
  at: string,
): IncomingMachineEvent {
  const kind = c.policy.requiredDocuments[0]?.anyOf[0] ?? 'application_form';
  const document = {
    sha256: '0'.repeat(64),
    kind,
    originalName: 'probe',
    mediaType: 'application/pdf',
    size: 1,
  };
  const courses = c.learningAgreement?.courses ?? c.catalogue.slice(0, 1).map((k) => k.code);
  const school = c.catalogue.find(
    (k) => courses.includes(k.code) && !c.learningAgreement?.agreedBy.includes(k.school),
  )?.school;
  const grades = courses.map((course) => ({ course, percent: 100 }));
  const messageKey = c.undelivered?.[0]?.key;
  return {
    type,
    actor,
    at,
    document,
    courses,
    school,
    grades,
    messageKey,
    reference: 'probe',
    reason: 'probe',
  } as never;
}

export interface IncomingAllowedAction {
  type: IncomingEventType;
  roles: StaffRole[];
}

/** Which staff events the machine accepts now and from which roles: what the validator accepts. */
export function incomingAllowedActions(s: IncomingCaseSnapshot, at: string): IncomingAllowedAction[] {
  if (s.status !== 'active') return [];
  const allowed: IncomingAllowedAction[] = [];
  for (const [type, declared] of activeEventRolesOf(DECLARED, s)) {
    if (!STAFF_EVENTS.has(type)) continue;
    const roles = [...declared].filter((role) =>
      s.can(probeEvent(s.context, type as IncomingEventType, actorInScope(s.context, role), at)),
    ) as StaffRole[];
    if (roles.length > 0) allowed.push({ type: type as IncomingEventType, roles });
  }
  return allowed.sort((a, b) => INCOMING_EVENT_TYPES.indexOf(a.type) - INCOMING_EVENT_TYPES.indexOf(b.type));
}

const RULES = {
  declared: DECLARED,
  conditions: CONDITIONS,
  inScope: (c: IncomingCaseContext, actor: { id: string; role: Role }) => inScope(c, actor),
  scopeRefusal,
  allowed: incomingAllowedActions,
};

/** Why the machine refuses `event` now, or null: read off its declared transitions and conditions. */
export function incomingRefusalOf(
  s: IncomingCaseSnapshot,
  event: IncomingMachineEvent,
  at: string,
): Refusal | null {
  return refusalWith(RULES, s, event, at);
}

/** The deadlines the active states watch, from their `meta`. */
export function incomingActiveDeadlines(s: IncomingCaseSnapshot): IncomingDeadlineMeta[] {
  const metas = Object.values(s.getMeta()) as (IncomingStateMeta | undefined)[];
  return metas.flatMap((m) => (m?.deadline ? [m.deadline] : []));
}

export function incomingStageLabel(s: IncomingCaseSnapshot): string {
  const metas = s.getMeta() as Record<string, IncomingStateMeta | undefined>;
  const stage = stageOf(s.value);
  return metas[`incomingCase.open.${stage}`]?.stage ?? metas[`incomingCase.${stage}`]?.stage ?? stage;
}

export { leafPaths, stageOf };
