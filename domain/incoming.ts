import { z } from 'zod';
import { Actor, Role } from './actor';
import { AllowedAction, ChecklistView, Deadline } from './case-view';
import { Degree, Semester } from './case';
import { DocumentVerdict, IsoDate } from './document';
import { AttachedFile, ExtensionDays, RESEND_MESSAGE_FIELDS } from './events';
import { CourseCode, PartnerId, SchoolCode } from './incoming-policy';
import { TemplateName } from './notification';
import { CountryCode, VisaDecision } from './visa';

const Name = z.string().trim().min(1, 'must not be empty').max(100);
const Reason = z.string().trim().min(3, 'reason must say why, in at least 3 characters').max(2000);
const Note = z.string().trim().max(2000).optional();

/**
 * A partner's student as nominated. The passport is kept in the case's encrypted input and shown masked;
 * no refusal message, id, search attribute or audit line carries it.
 */
export const NominatedStudent = z.strictObject({
  partnerStudentId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,30}$/, "the student's id at the partner: 2-30 letters, digits or dashes"),
  givenName: Name,
  familyName: Name,
  birthDate: IsoDate,
  citizenship: CountryCode,
  email: z.email(),
  passport: z.strictObject({
    number: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{6,12}$/, 'passport number must be 6-12 capital letters or digits'),
    expiresOn: IsoDate,
  }),
  level: Degree,
  field: z.string().trim().min(2, 'the field of study, e.g. Computer Science').max(120),
});
export type NominatedStudent = z.infer<typeof NominatedStudent>;

/** A nomination: a partner's signed-in system for its own students, or DI on a partner's behalf. */
export const NominationRequest = z.strictObject({
  partnerId: PartnerId,
  semester: Semester,
  school: SchoolCode.describe('the KBTU school that hosts the student'),
  student: NominatedStudent,
  actor: Actor,
});
export type NominationRequest = z.infer<typeof NominationRequest>;

/** The documents KBTU makes for an incoming case, by the name their download takes. */
export const IssuedDocument = z.enum(['invitation-letter', 'transcript']);
export type IssuedDocument = z.infer<typeof IssuedDocument>;

/** One case per (partner, semester, the partner's student id): a second nomination is a duplicate. */
export function incomingCaseId(partnerId: string, semester: string, partnerStudentId: string): string {
  return `incoming-${partnerId}-${semester}-${partnerStudentId.toLowerCase()}`;
}
export const INCOMING_CASE_ID = /^incoming-[a-z0-9-]+$/;

/** The passport as reads show it: the last three characters. */
export const maskPassport = (n: string) => `${'•'.repeat(Math.max(n.length - 3, 0))}${n.slice(-3)}`;

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), actor: Actor, note: Note, ...shape }).strict();
}

/** Every staff action on an incoming case; the machine decides where each is allowed and by whom. */
export const IncomingEvent = z.discriminatedUnion('type', [
  event('SEND_DISCIPLINES_LIST', {}),
  event('ATTACH_DOCUMENT', { document: AttachedFile }),
  event('PROPOSE_LEARNING_AGREEMENT', {
    courses: z.array(CourseCode).min(1, 'a learning agreement names at least one course').max(12),
  }),
  event('AGREE_LEARNING_AGREEMENT', { school: SchoolCode.describe('the school whose courses are agreed') }),
  event('SEND_INVITATION_LETTER', {}),
  event('RECORD_MIGRATION_INVITATION', {
    reference: z.string().trim().min(3, "the migration service's reference").max(60),
  }),
  event('RECORD_ARRIVAL', {}),
  event('RECORD_GRADES', {
    grades: z
      .array(z.strictObject({ course: CourseCode, percent: z.number().min(0).max(100) }))
      .min(1)
      .max(12),
  }),
  event('SEND_TRANSCRIPT', {}),
  event('EXTEND_DEADLINE', {
    days: ExtensionDays.describe(
      'calendar days added to the invitations the case awaits; their reminders and escalations move',
    ),
    reason: Reason,
  }),
  event('RESEND_MESSAGE', RESEND_MESSAGE_FIELDS),
  event('REJECT_NOMINATION', { reason: Reason }),
  event('WITHDRAW', { reason: Reason }),
  event('CANCEL', { reason: Reason }),
]);
export type IncomingEvent = z.infer<typeof IncomingEvent>;
export type IncomingEventInput = z.input<typeof IncomingEvent>;
export type IncomingEventType = IncomingEvent['type'];
export const INCOMING_EVENT_TYPES = IncomingEvent.options.map(
  (o) => o.shape.type.value,
) as IncomingEventType[];

export const IncomingAuditEventName = z.enum([
  'NOMINATE',
  ...INCOMING_EVENT_TYPES,
  'DOCUMENT_CHECKED',
  'DOCUMENT_CHECK_FAILED',
  'TRANSCRIPT_ISSUED',
  'TRANSCRIPT_FAILED',
  'INVITATION_LETTER_ISSUED',
  'INVITATION_LETTER_FAILED',
  'DEADLINE_REMINDER',
  'DEADLINE_ESCALATION',
  'ENGINE_CANCELLED',
  'NOTIFICATION_FAILED',
  'ENGINE_TERMINATED',
]);
export type IncomingAuditEventName = z.infer<typeof IncomingAuditEventName>;

export const IncomingAuditEntry = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), role: Role }),
  event: IncomingAuditEventName,
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
});
export type IncomingAuditEntry = z.infer<typeof IncomingAuditEntry>;

/**
 * The messages an incoming case asks for, and to whom: a recipient of the outgoing case's vocabulary, the
 * nominating partner (its contact), or the head of DI. Every one is in the mail catalogue.
 */
export const IncomingTemplateName = TemplateName.extract([
  'incomingNominated',
  'incomingDisciplinesList',
  'incomingInvitationLetter',
  'incomingMigrationInvitation',
  'incomingInvitationOverdue',
  'incomingTranscript',
  'incomingClosedEarly',
  'deadlineReminder',
  'deadlineExtended',
  'caseCancelledOutsideApi',
]);
export type IncomingTemplateName = z.infer<typeof IncomingTemplateName>;
export const IncomingRecipient = z.enum(['student', 'partner', 'di_officer', 'head:di_officer']);
export type IncomingRecipient = z.infer<typeof IncomingRecipient>;

/** A grade of the transcript: KBTU's percentage and letter, and the partner's grade it converts to. */
export const TranscriptGrade = z.object({
  course: z.string(),
  title: z.string(),
  credits: z.number(),
  percent: z.number(),
  kbtu: z.string(),
  partner: z.string(),
});
export type TranscriptGrade = z.infer<typeof TranscriptGrade>;

/** What a read of an incoming case returns. */
export const IncomingCaseView = z.object({
  caseId: z.string(),
  direction: z.literal('incoming'),
  status: z.enum(['active', 'done', 'terminated']),
  stage: z.string(),
  stageLabel: z.string(),
  states: z.array(z.string()),
  partner: z.object({ id: z.string(), name: z.string() }),
  semester: z.string(),
  school: z.string(),
  policyVersion: z.string(),
  student: z.object({
    partnerStudentId: z.string(),
    name: z.string(),
    birthDate: z.string(),
    citizenship: z.string(),
    email: z.string(),
    level: Degree,
    field: z.string(),
    passport: z.string().describe('masked: the last three characters'),
  }),
  visa: VisaDecision,
  checklist: ChecklistView,
  learningAgreement: z
    .object({
      courses: z.array(z.object({ code: z.string(), title: z.string(), school: z.string() })),
      agreedBy: z.array(z.string()),
      awaiting: z.array(z.string()),
    })
    .nullable(),
  applicationCompleteAt: z.string().nullable(),
  invitationDueAt: z.string().nullable(),
  /** Once sent; from machine version 2 the letter is a PDF kept as a case document (its sha256). */
  invitationLetter: z.object({ sentAt: z.string(), sha256: z.string().nullable() }).nullable(),
  transcript: z.object({ sha256: z.string().nullable(), grades: z.array(TranscriptGrade) }).nullable(),
  outcome: z
    .object({ kind: z.string(), reason: z.string(), by: z.object({ id: z.string(), role: Role }) })
    .nullable(),
  allowedActions: z.array(AllowedAction),
  undelivered: z
    .array(z.object({ key: z.string(), template: z.string(), to: z.string(), error: z.string() }))
    .describe('messages the relay refused for good, until DI resends them (RESEND_MESSAGE)'),
  deadlines: z.array(Deadline),
  auditLength: z.number().int(),
});
export type IncomingCaseView = z.infer<typeof IncomingCaseView>;

export const IncomingActionResult = z.object({
  caseId: z.string(),
  status: z.enum(['active', 'done']),
  stage: z.string(),
  states: z.array(z.string()),
  allowedActions: z.array(AllowedAction),
  document: DocumentVerdict.nullable(),
});
export type IncomingActionResult = z.infer<typeof IncomingActionResult>;
