import type { SnapshotFrom } from 'xstate';
import type { Role, StaffRole } from '../../domain/actor';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../domain/events';
import type { DeadlineMeta, OutgoingCaseContext, StateMeta } from './context';
import type { MachineEvent } from './events';
import type { OutgoingCaseMachine } from './machine';
import { stageOf } from '../shared/declared';
import { activeEventRoles } from './transitions';
import { keepsLearningAgreement } from './learning-agreement';

export type OutgoingCaseSnapshot = SnapshotFrom<OutgoingCaseMachine>;

export interface AllowedAction {
  type: CaseEventType;
  roles: StaffRole[];
}

export { leafPaths, stageOf } from '../shared/declared';

const STAFF_EVENTS = new Set<string>(CASE_EVENT_TYPES);

/** Whoever of `role` the case lets act: its own student, its nominated partner, any member of an office. */
export function actorInScope(c: OutgoingCaseContext, role: Role): { id: string; role: Role } {
  if (role === 'student') return { id: c.student.id, role };
  if (role === 'partner') return { id: c.partner?.id ?? 'no-partner-nominated', role };
  return { id: `any-${role}`, role };
}

/**
 * The event `type` as the workflow would hand it to the machine at `at`, from `actor`: the payload
 * fields guards read are filled with values that pass (a new file of a kind the checklist asks for, a
 * region, a spend, typed credits), so
 * a refusal of the probe is a refusal of every such event.
 */
export function probeEvent(
  c: OutgoingCaseContext,
  type: CaseEventType,
  actor: { id: string; role: Role },
  at: string,
  stage?: string,
) {
  const kind = c.policy.tracks[c.track].requiredDocuments[0]?.anyOf[0] ?? 'transcript';
  const document = {
    sha256: '0'.repeat(64),
    kind,
    originalName: 'probe',
    mediaType: 'application/pdf',
    size: 1,
  };
  // Version 4: a grant paid from a region the policy lists, a financial report stating its spend.
  const region = Object.keys(c.policy.afterSelection?.grantRegions ?? {})[0];
  const spend = { flight: 0, accommodation: 0, insurance: 0, visa: 0 };
  // A resend of a message the case holds as undelivered.
  const messageKey = c.undelivered?.[0]?.key;
  // Typed figures where the case computes none (a computed transfer is approved without them).
  const figures = keepsLearningAgreement(c) ? planProbe(c) : { creditsPlanned: 0, creditsRequired: 0 };
  const transferred = c.creditTransfer ? {} : { creditsTransferred: 0 };
  return {
    type,
    actor,
    at,
    document: { ...document, kind: stageKind(stage) ?? kind },
    region,
    spend,
    messageKey,
    retakeCourses: [],
    ...figures,
    ...transferred,
  } as unknown as MachineEvent;
}

/** Version 6: the upload a stage after selection takes. */
const stageKind = (stage: string | undefined) =>
  stage === 'preDeparture' ? 'learning_agreement' : stage === 'return' ? 'financial_report' : undefined;

/**
 * Version 6: a plan that passes wherever some plan would (no matches: every course left to retake, which
 * changes any agreement that took a partner course), and a transcript of no grades yet.
 */
function planProbe(c: OutgoingCaseContext) {
  const programme = c.individualCurriculum?.programme ?? '6B00000';
  const semester = c.individualCurriculum?.semester ?? 1;
  const course = {
    programme,
    semester,
    code: 'PROBE',
    title: 'probe',
    credits: 1,
    component: 'compulsory',
    electiveType: null,
  };
  return { programme, semester, matches: [], facts: { courses: [course], catalogue: [] }, grades: [] };
}

/**
 * Which staff events the machine accepts now, at `at`, and from which roles (each acting within its scope).
 * Exactly what the update validator accepts: it asks the same machine with the same facts.
 */
export function allowedActions(snapshot: OutgoingCaseSnapshot, at: string): AllowedAction[] {
  if (snapshot.status !== 'active') return [];
  const allowed: AllowedAction[] = [];
  for (const [type, declared] of activeEventRoles(snapshot)) {
    if (!STAFF_EVENTS.has(type)) continue;
    const roles = [...declared].filter((role) =>
      snapshot.can(
        probeEvent(
          snapshot.context,
          type as CaseEventType,
          actorInScope(snapshot.context, role),
          at,
          stageOf(snapshot.value),
        ),
      ),
    ) as StaffRole[];
    if (roles.length > 0) allowed.push({ type: type as CaseEventType, roles });
  }
  return allowed.sort((a, b) => CASE_EVENT_TYPES.indexOf(a.type) - CASE_EVENT_TYPES.indexOf(b.type));
}

/** The deadlines the active states watch, from their `meta`. */
export function activeDeadlines(snapshot: OutgoingCaseSnapshot): DeadlineMeta[] {
  const metas = Object.values(snapshot.getMeta()) as (StateMeta | undefined)[];
  const version = snapshot.context.machineVersion ?? 1;
  return metas.flatMap((m) => (m?.deadline && version >= (m.deadline.since ?? 1) ? [m.deadline] : []));
}

export function stageLabel(snapshot: OutgoingCaseSnapshot): string {
  const metas = snapshot.getMeta() as Record<string, StateMeta | undefined>;
  const stage = stageOf(snapshot.value);
  return metas[`outgoingCase.open.${stage}`]?.stage ?? metas[`outgoingCase.${stage}`]?.stage ?? stage;
}
