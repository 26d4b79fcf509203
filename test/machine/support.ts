import { createHash } from 'node:crypto';
import { initialTransition, transition, type AnyStateNode } from 'xstate';
import { SYSTEM_ACTOR, StaffRole, type Actor, type Role } from '../../domain/actor';
import type { FundingTrack } from '../../domain/case';
import type { CallDecision } from '../../domain/call-applicant';
import type { DocumentKind, DocumentVerdict } from '../../domain/document';
import { CASE_EVENT_TYPES, CaseEvent, type CaseEventType } from '../../domain/events';
import type { StudentRecord } from '../../domain/student-record';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { leafPaths, type OutgoingCaseSnapshot } from '../../machines/outgoing-case/view';
import { PAYLOAD as EVENT_PAYLOAD } from '../helpers/events';
import { toCasePolicy } from '../../domain/policy';
import { SEED_FACTS } from '../helpers/curricula';
import { FIXED_AT, caseInput, currentPolicy } from '../helpers/fixtures';

/** Shared helpers for the machine tests: pure transitions, machine events per (type, role), the happy path. */

export type Basis = 'state_grant' | 'paid';
export type Combo = readonly [FundingTrack, Basis];
export type Snap = OutgoingCaseSnapshot;
type Action = { type: string; params?: unknown };

export const DAY_MS = 24 * 60 * 60 * 1000;
export const ROLES = StaffRole.options;
export const STUDENT_ID = 'STUDENT1';

/** Every track and study basis the machine can be started with (MSHE on a paid basis is never eligible). */
export const COMBOS: readonly Combo[] = [
  ['self_funded', 'paid'],
  ['self_funded', 'state_grant'],
  ['mshe', 'state_grant'],
  ['mshe', 'paid'],
  ['erasmus', 'paid'],
  ['erasmus', 'state_grant'],
];
/** The combinations whose applicant (a record of the same basis) is eligible. */
export const ELIGIBLE_COMBOS: readonly Combo[] = COMBOS.filter(([t, b]) => !(t === 'mshe' && b === 'paid'));
/** The combinations the happy path is run for. */
export const HAPPY_COMBOS: readonly Combo[] = [
  ['self_funded', 'paid'],
  ['self_funded', 'state_grant'],
  ['mshe', 'state_grant'],
  ['erasmus', 'paid'],
];

/**
 * The spec for cases of the current machine version: which roles may send each staff event (wherever the
 * event is accepted at all). Uploads are the applicant's and DI's, the partner's learning agreement and the
 * student's or finance's financial papers; the learning agreement is signed by its three parties.
 */
export const ALLOWED_ROLES: Record<CaseEventType, readonly StaffRole[]> = {
  SUBMIT_APPLICATION: ['student', 'di_officer'],
  REEVALUATE_ELIGIBILITY: ['di_officer'],
  RECORD_IELTS: ['di_officer'],
  ATTACH_DOCUMENT: ['student', 'di_officer', 'partner', 'finance'],
  CONFIRM_PAPER_FOLDER: ['di_officer'],
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
  SIGN_LEARNING_AGREEMENT: ['student', 'dean_office', 'partner'],
  RECORD_VISA: ['student', 'di_officer'],
  CONFIRM_TUITION_PREPAID: ['finance'],
  DISBURSE_GRANT: ['finance'],
  DEPART: ['di_officer'],
  REQUEST_LEARNING_AGREEMENT_CHANGE: ['student', 'di_officer'],
  AGREE_LEARNING_AGREEMENT_CHANGE: ['dean_office', 'partner'],
  END_MOBILITY: ['di_officer'],
  SUBMIT_RETURN_APPLICATION: ['student', 'di_officer'],
  RECORD_PARTNER_TRANSCRIPT: ['di_officer', 'partner'],
  ACCEPT_FINANCIAL_REPORT: ['finance'],
  RECALCULATE_CREDITS: ['dean_office'],
  WITHDRAW: ['student'],
  CANCEL: ['di_officer'],
  RECONCILE_FUNDS: ['finance'],
  CONFIRM_REFUND: ['finance'],
  EXTEND_DEADLINE: ['di_officer'],
  RESEND_MESSAGE: ['di_officer'],
};
/** Roles older machine versions still take an event from: DI's lone signature, the dean's lone consent. */
export const EARLIER_VERSION_ROLES: Partial<Record<CaseEventType, readonly StaffRole[]>> = {
  SIGN_LEARNING_AGREEMENT: ['di_officer'],
  AGREE_LEARNING_AGREEMENT_CHANGE: ['dean_office'],
};

/** The workflow's own reports: only the system sends them. */
export const SYSTEM_EVENT_TYPES = [
  'STUDENT_RECORD_READ',
  'STUDENT_RECORD_UNAVAILABLE',
  'DOCUMENT_CHECKED',
  'DOCUMENT_CHECK_FAILED',
  'DEADLINE_REMINDER',
  'DEADLINE_ESCALATION',
  'ENGINE_CANCELLED',
  'CALL_DECISION',
  'NOTIFICATION_UNDELIVERED',
  'CREDIT_STATEMENT_ISSUED',
  'CREDIT_STATEMENT_FAILED',
] as const;

/** Version 6: the statement activity's report, issued into the document store or failed. */
export const statementIssued = (): MachineEvent => ({
  type: 'CREDIT_STATEMENT_ISSUED',
  actor: SYSTEM_ACTOR,
  sha256: 'c'.repeat(64),
  size: 4096,
});
export const statementFailed = (): MachineEvent => ({
  type: 'CREDIT_STATEMENT_FAILED',
  actor: SYSTEM_ACTOR,
  reason: 'the document store is unreachable',
});

/** A file as staff attach it: the store's metadata, without who uploaded it and when. */
export const fileOf = (kind: DocumentKind, n = 0) => ({
  sha256: createHash('sha256').update(`${kind}#${n}`).digest('hex'),
  size: 2048,
  mediaType: 'application/pdf' as const,
  kind,
  originalName: `${kind}-${n}.pdf`,
});

/** The schema-required payload of every staff event type, besides `type` and `actor`. */
export const PAYLOAD: Record<CaseEventType, Record<string, unknown>> = {
  ...(Object.fromEntries(CASE_EVENT_TYPES.map((t) => [t, {}])) as Record<
    CaseEventType,
    Record<string, unknown>
  >),
  ...EVENT_PAYLOAD,
  ATTACH_DOCUMENT: { document: fileOf('transcript') },
  AGREE_CURRICULUM: { ...EVENT_PAYLOAD.AGREE_CURRICULUM, facts: SEED_FACTS },
  REQUEST_LEARNING_AGREEMENT_CHANGE: {
    ...EVENT_PAYLOAD.REQUEST_LEARNING_AGREEMENT_CHANGE,
    facts: SEED_FACTS,
  },
};

export const actorOf = (role: StaffRole): Actor => ({ id: SCOPED_ID[role] ?? `${role}-1`, role });
const SCOPED_ID: Partial<Record<Role, string>> = { student: STUDENT_ID, partner: 'tum' };

/** The check of a document, as the workflow passes it on: accepted, or refused for an unreadable PDF. */
export function verdictOf(
  kind: DocumentKind,
  o: { accepted?: boolean; n?: number; ielts?: DocumentVerdict['ielts'] } = {},
): DocumentVerdict {
  const accepted = o.accepted ?? true;
  return {
    sha256: fileOf(kind, o.n).sha256,
    kind,
    accepted,
    reasons: [
      { rule: 'media_type', passed: true, message: 'a PDF' },
      accepted
        ? { rule: 'pdf_readable', passed: true, message: 'the PDF opens' }
        : { rule: 'pdf_readable', passed: false, message: 'the PDF cannot be read' },
    ],
    checkedWith: '2022-2023.1',
    ...(o.ielts ? { ielts: o.ielts } : {}),
  };
}

/**
 * A machine event of `type` sent by `role`: the staff event as the schema accepts it (payload overridden by
 * `extra`), completed as the workflow completes it: a submission stamped `FIXED_AT`, an upload with an
 * accepted verdict for its kind.
 */
export function ev(type: CaseEventType, role: StaffRole, extra: Record<string, unknown> = {}): MachineEvent {
  const staff = CaseEvent.parse({ type, actor: actorOf(role), ...PAYLOAD[type], ...extra });
  if (staff.type === 'SUBMIT_APPLICATION') return { ...staff, at: FIXED_AT };
  if (staff.type === 'ATTACH_DOCUMENT') return { ...staff, at: FIXED_AT };
  if (SIGNED.has(staff.type)) return { ...staff, at: FIXED_AT } as MachineEvent;
  return staff;
}

/** A financial report (or an early end's reconciliation) that leaves 20,000 tenge of the flight unspent. */
export const UNDERSPENT = { flight: 241_375, accommodation: 928_200, insurance: 53_550, visa: 40_800 };

export const submit = (role: StaffRole = 'student', at = FIXED_AT): MachineEvent => ({
  type: 'SUBMIT_APPLICATION',
  actor: actorOf(role),
  at,
});

/** An upload of `kind` (attempt `n`) and the workflow's report of its check, `accepted` or refused. */
export function attach(
  kind: DocumentKind,
  o: { role?: StaffRole; accepted?: boolean; n?: number; ielts?: DocumentVerdict['ielts'] } = {},
): MachineEvent[] {
  const staff = ev('ATTACH_DOCUMENT', o.role ?? 'student', { document: fileOf(kind, o.n) });
  return [staff, checked(kind, o)];
}

export const checked = (
  kind: DocumentKind,
  o: { accepted?: boolean; n?: number; ielts?: DocumentVerdict['ielts'] } = {},
): MachineEvent => ({
  type: 'DOCUMENT_CHECKED',
  actor: SYSTEM_ACTOR,
  sha256: fileOf(kind, o.n).sha256,
  verdict: verdictOf(kind, o),
});

export const recordRead = (record: StudentRecord): MachineEvent => ({
  type: 'STUDENT_RECORD_READ',
  actor: SYSTEM_ACTOR,
  record,
});
const SIGNED = new Set([
  'SIGN_LEARNING_AGREEMENT',
  'REQUEST_LEARNING_AGREEMENT_CHANGE',
  'AGREE_LEARNING_AGREEMENT_CHANGE',
]);

/** The call's decision on a case (version 3): selected for a place, waitlisted, or not selected. */
export function callDecision(
  outcome: CallDecision['outcome'],
  over: Partial<CallDecision> = {},
): MachineEvent {
  const placed = outcome === 'selected';
  const decision: CallDecision = {
    callId: 'erasmus-2027',
    outcome,
    rank: 1,
    placeId: placed ? 'tum' : null,
    placeName: placed ? 'Technical University of Munich' : null,
    partnerId: placed ? 'tum' : null,
    allowances: null,
    waitlistPosition: outcome === 'waitlisted' ? 1 : null,
    reason: `${outcome} by the call`,
    offer: null,
    ...over,
  };
  return { type: 'CALL_DECISION', actor: SYSTEM_ACTOR, decision, reason: decision.reason };
}
export const recordUnavailable = (reason = 'the registrar export is unreachable'): MachineEvent => ({
  type: 'STUDENT_RECORD_UNAVAILABLE',
  actor: SYSTEM_ACTOR,
  reason,
});

/** The workflow's report of a mail to the student that was not delivered: the key RESEND_MESSAGE's payload names. */
export const undelivered = (): MachineEvent => ({
  type: 'NOTIFICATION_UNDELIVERED',
  actor: SYSTEM_ACTOR,
  message: {
    key: PAYLOAD.RESEND_MESSAGE.messageKey as string,
    template: 'eligibilityAssessed',
    to: 'student',
    data: { eligibility: 'eligible' },
    error: '550 5.1.1 mailbox unavailable',
  },
});

/** Any event with its actor replaced: how tests send staff events as the system and system events as staff. */
export const sentBy = (event: MachineEvent, role: Role): MachineEvent =>
  ({ ...event, actor: role === 'system' ? SYSTEM_ACTOR : actorOf(role) }) as MachineEvent;

/** The shipped 2022-2023 policy names no partners; TUM's grading table and credits come from the current one. */
export function inputFor([track, studyBasis]: Combo): OutgoingCaseInput {
  const input = caseInput(track, { studyBasis, studentId: STUDENT_ID });
  return {
    ...input,
    policy: { ...input.policy, afterSelection: toCasePolicy(currentPolicy).afterSelection },
  };
}

export function start(combo: Combo, input: OutgoingCaseInput = inputFor(combo)): Snap {
  return initialTransition(outgoingCaseMachine, input)[0];
}

export function step(snap: Snap, event: MachineEvent): [Snap, Action[]] {
  return transition(outgoingCaseMachine, snap, event);
}

/** Sends `events` in order (an upload is two: the file and its check), failing loudly on a refusal. */
export function run(snap: Snap, events: readonly (MachineEvent | MachineEvent[])[]): Snap {
  return events.flat().reduce((s, event) => {
    if (!s.can(event))
      throw new Error(`${event.type} by ${event.actor.role} refused in ${leaves(s).join(',')}`);
    return step(s, event)[0];
  }, snap);
}

/** The state value, read below the `open` grouping: `{ open: 'competition' }` is `'competition'`. */
export function stateOf(snap: Pick<Snap, 'value'>): unknown {
  const v = snap.value as unknown;
  return typeof v === 'object' && v !== null && 'open' in v ? (v as { open: unknown }).open : v;
}

/** The leaf states, read below the `open` grouping that carries withdrawal and cancellation. */
export const leaves = (snap: Snap): string[] => leafPaths(snap.value).map((p) => p.replace(/^open\./, ''));

/** The state of one region of the current stage, e.g. `region(snap, 'documents')`. */
export function region(snap: Snap, name: string): string | undefined {
  const value = snap.value as Record<string, unknown>;
  const stage = (typeof value.open === 'object' ? value.open : value) as Record<
    string,
    Record<string, string>
  >;
  return Object.values(stage)[0]?.[name];
}

export const rolesAccepting = (snap: Snap, type: CaseEventType): StaffRole[] =>
  ROLES.filter((role) => snap.can(ev(type, role)));

/** Every atomic or final state node of the machine, found by walking `root`. */
export function leafStateNodes(node: AnyStateNode = outgoingCaseMachine.root): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [node];
  return children.flatMap((child) => leafStateNodes(child));
}

export const actionTypes = (actions: Action[]) => actions.map((a) => a.type);
export const notifications = (actions: Action[]) =>
  actions.filter((a) => a.type === 'notify').map((a) => a.params as { template: string; to: string });
