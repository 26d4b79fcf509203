import { z } from 'zod';
import { Actor } from './actor';
import { IeltsBand, IsoDate, StoredDocument } from './document';
import { CourseMatch, KbtuCourse, PartnerCourse, ProgrammeCode } from './curriculum';
import { GrantSpend } from './grant';
import { TranscriptGrade } from './transcript';

const Reason = z.string().trim().min(3, 'reason must say why, in at least 3 characters').max(2000);
const Note = z.string().trim().max(2000).optional();
const Credits = z.number().int('credits must be a whole number').min(0).max(60);
const CourseCode = z.string().trim().min(2).max(20);

const Matches = z.array(CourseMatch).min(1).max(30);

/** What the stored curricula say for an individual curriculum: the server attaches it, never the caller. */
export const CurriculumFacts = z.strictObject({
  courses: z.array(KbtuCourse).max(60),
  catalogue: z
    .array(PartnerCourse)
    .max(120)
    .describe('the partner courses the matches name (at most 30 x 4)'),
});
export type CurriculumFacts = z.infer<typeof CurriculumFacts>;

/** What DI sends to resend a message the relay refused for good (outgoing and incoming cases alike). */
export const RESEND_MESSAGE_FIELDS = {
  messageKey: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9:._-]{3,120}$/,
      'messageKey must be the key of a message of this case, as its messages list it',
    )
    .describe('the message the relay refused for good'),
  address: z
    .email('address must be an email address')
    .max(254)
    .optional()
    .describe(
      "the student's corrected address, kept for the case's later mails (messages to the student only)",
    ),
  reason: Reason,
};

/** How far DI may move a deadline at once (EXTEND_DEADLINE, outgoing and incoming): whole calendar days. */
export const ExtensionDays = z.int('days must be a whole number of calendar days').min(1).max(90);

/** An upload already in the document store, as the case is told of it: the bytes stay in the store. */
export const AttachedFile = StoredDocument.omit({ uploadedBy: true, uploadedAt: true }).strict();
export type AttachedFile = z.infer<typeof AttachedFile>;

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), actor: Actor, note: Note, ...shape }).strict();
}

/**
 * Every staff action on an outgoing case. The machine decides where each is allowed and by whom;
 * this module only says what each must carry.
 */
export const CaseEvent = z.discriminatedUnion('type', [
  event('SUBMIT_APPLICATION', {}),
  event('REEVALUATE_ELIGIBILITY', {}),
  event('RECORD_IELTS', { score: IeltsBand, testDate: IsoDate }),
  event('ATTACH_DOCUMENT', {
    document: AttachedFile,
    ieltsScore: IeltsBand.optional().describe('IELTS certificate: the band, when staff read it themselves'),
    ieltsTestDate: IsoDate.optional().describe(
      'IELTS certificate: the test date, when staff read it themselves',
    ),
    englishConfirmedByStaff: z
      .boolean()
      .optional()
      .describe('transcript: staff read a scan without a text layer and confirm it is in English'),
  }),
  event('CONFIRM_PAPER_FOLDER', {}),
  event('CONFIRM_ELIGIBILITY', {}),
  event('REJECT_APPLICATION', { reason: Reason }),
  event('REGISTER_FOR_AUDITION', {}),
  event('RECORD_AUDITION_PASSED', {}),
  event('RECORD_AUDITION_FAILED', { reason: Reason }),
  event('SELECT_FOR_PLACEMENT', {}),
  event('DECLARE_NOT_SELECTED', { reason: Reason }),
  event('NOMINATE_TO_PARTNER', {
    partnerId: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/, 'partnerId must be 2-40 lower-case letters, digits or dashes'),
    partnerName: z.string().trim().min(2).max(200),
  }),
  event('RECORD_INVITATION_LETTER', {}),
  event('RECORD_PARTNER_DECLINED', { reason: Reason }),
  event('APPROVE_LEAVE', {}),
  event('REFUSE_LEAVE', { reason: Reason }),
  event('AGREE_CURRICULUM', {
    programme: ProgrammeCode.optional().describe(
      "the student's programme, whose working curriculum the matches are read against",
    ),
    semester: z
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe('the semester of study the mobility replaces (1 = first semester of year 1)'),
    matches: Matches.optional().describe(
      'per KBTU course, the partner course(s) taken in its place; the case computes the rest',
    ),
    facts: CurriculumFacts.optional().describe(
      'filled by the server from the stored curricula; whatever a caller sends here is replaced',
    ),
    creditsPlanned: Credits.optional().describe('without matches only: the credits planned, as typed'),
    creditsRequired: Credits.optional().describe('without matches only: the credits required, as typed'),
    retakeCourses: z.array(CourseCode).max(20).default([]),
  }),
  event('SIGN_LEARNING_AGREEMENT', {}),
  event('RECORD_VISA', {}),
  event('CONFIRM_TUITION_PREPAID', {}),
  event('DISBURSE_GRANT', {
    region: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, 'region must be an MSHE region id of the policy, e.g. europe')
      .optional()
      .describe('MSHE region whose allowances are paid, when the call did not place the student in one'),
  }),
  event('DEPART', {}),
  event('REQUEST_LEARNING_AGREEMENT_CHANGE', {
    reason: Reason,
    matches: Matches.optional().describe(
      'machine version 6: the whole new plan, per KBTU course the partner course(s) taken in its place',
    ),
    facts: CurriculumFacts.optional().describe(
      'filled by the server from the stored curricula; whatever a caller sends here is replaced',
    ),
  }),
  event('AGREE_LEARNING_AGREEMENT_CHANGE', {}),
  event('END_MOBILITY', {}),
  event('SUBMIT_RETURN_APPLICATION', {}),
  event('RECORD_PARTNER_TRANSCRIPT', {
    grades: z
      .array(TranscriptGrade)
      .min(1)
      .max(60)
      .optional()
      .describe("the partner's grade per course, as the transcript writes it; converted by the case"),
  }),
  event('ACCEPT_FINANCIAL_REPORT', {
    spend: GrantSpend.optional().describe(
      'what the student spent per category, whole tenge, as the report and its receipts show (required from machine version 4)',
    ),
  }),
  event('CONFIRM_REFUND', {}),
  event('RECALCULATE_CREDITS', {
    creditsTransferred: Credits.optional().describe(
      'only for a case without graded transcript: the credits transferred, as typed',
    ),
    retakeCourses: z.array(CourseCode).max(20).default([]),
  }),
  event('WITHDRAW', { reason: Reason }),
  event('CANCEL', { reason: Reason }),
  event('EXTEND_DEADLINE', {
    days: ExtensionDays.describe(
      'calendar days added to the deadline the case waits on now; its reminders and escalations move',
    ),
    reason: Reason,
  }),
  event('RESEND_MESSAGE', RESEND_MESSAGE_FIELDS),
  event('RECONCILE_FUNDS', {
    spend: GrantSpend.optional().describe(
      'what the student spent per category before the early end, whole tenge (required from machine version 4)',
    ),
  }),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventInput = z.input<typeof CaseEvent>;
export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES = CaseEvent.options.map((o) => o.shape.type.value) as CaseEventType[];

/** A document from a partner university that arrived by itself: a fact from outside, not a staff decision. */
export const PartnerDocument = z
  .object({
    kind: z.enum(['invitationLetter', 'transcript']),
    partnerId: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/, 'partnerId must be 2-40 lower-case letters, digits or dashes'),
  })
  .strict();
export type PartnerDocument = z.infer<typeof PartnerDocument>;
