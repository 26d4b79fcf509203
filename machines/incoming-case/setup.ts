import { assign, setup } from 'xstate';
import { resentMessage, withCorrectedAddress, withoutResent, withReported } from '../shared/undelivered';
import type { Role } from '../../domain/actor';
import type {
  IncomingRecipient as Recipient,
  IncomingTemplateName as TemplateName,
} from '../../domain/incoming';
import type { MayParams } from '../shared/declared';
import { CONDITIONS, inScope, type ConditionName } from './conditions';
import type { IncomingCaseContext, IncomingCaseInput, IncomingUndelivered, OutcomeKind } from './context';
import type { IncomingMachineEvent } from './events';
import { awaitingSchools, checklistOf, convertGrades } from './rules';

/**
 * The incoming case's vocabulary: its types and its named, pure guards and actions. Actions with an empty
 * body are effects the workflow carries out (effects.ts).
 */
export const incomingCaseSetup = setup({
  types: {
    context: {} as IncomingCaseContext,
    events: {} as IncomingMachineEvent,
    input: {} as IncomingCaseInput,
  },
  guards: {
    may: ({ context, event }, params: MayParams<ConditionName>) =>
      params.roles.includes(event.actor.role) &&
      inScope(context, event.actor) &&
      params.conditions.every((name) => CONDITIONS[name].holds(context, event)),
    checklistComplete: ({ context }) => checklistOf(context).complete,
    everySchoolAgreed: ({ context }) => awaitingSchools(context).length === 0,
    visaRequired: ({ context }) => context.visa.required,
    outcomeIs: ({ context }, params: { kind: OutcomeKind }) => context.outcome?.kind === params.kind,
  },
  actions: {
    notify: (_, _params: { template: TemplateName; to: Recipient }) => {
      /* effect: an email to the recipient */
    },
    checkDocument: () => {
      /* effect: the document check of the upload the ATTACH_DOCUMENT event names */
    },
    issueTranscript: () => {
      /* effect: the PDF transcript, stored as a case document; answers TRANSCRIPT_ISSUED or _FAILED */
    },
    issueInvitationLetter: () => {
      /* effect: KBTU's invitation letter as a PDF, stored as a case document; answers INVITATION_LETTER_ISSUED or _FAILED */
    },
    extendDeadlines: () => {
      /* effect: the EXTEND_DEADLINE event's days move the watched deadlines and their timers */
    },
    remindOfDeadline: () => {
      /* effect: a reminder to whoever the DEADLINE_REMINDER event's deadline names */
    },
    escalateDeadline: () => {
      /* effect: the escalation to whom the DEADLINE_ESCALATION event names */
    },
    resendMessage: (_, _params: { message: IncomingUndelivered | undefined }) => {
      /* effect: the undelivered message, as it was queued, is queued again under a new key */
    },
    recordUndelivered: assign({
      undelivered: ({ event, context }) => withReported(context.undelivered, event),
    }),
    forgetUndelivered: assign({
      undelivered: ({ event, context }) => withoutResent(context.undelivered, event),
    }),
    // The corrected address is the student's from now on: later mails go there too.
    correctStudentAddress: assign({
      student: ({ event, context }) => withCorrectedAddress(context.student, event),
    }),
    recordDisciplinesSent: assign({
      disciplinesSentAt: ({ event, context }) => ('at' in event ? event.at : context.disciplinesSentAt),
    }),
    startDocumentCheck: assign({
      checking: ({ event, context }) =>
        event.type === 'ATTACH_DOCUMENT'
          ? [...context.checking, { ...event.document, uploadedBy: event.actor, uploadedAt: event.at }]
          : context.checking,
    }),
    recordCheckedDocument: assign(({ event, context }) => {
      if (event.type !== 'DOCUMENT_CHECKED') return {};
      const document = context.checking.find((d) => d.sha256 === event.sha256);
      if (!document) return {};
      return {
        documents: [...context.documents, { document, verdict: event.verdict }],
        checking: context.checking.filter((d) => d.sha256 !== event.sha256),
      };
    }),
    forgetDocumentCheck: assign({
      checking: ({ event, context }) =>
        event.type === 'DOCUMENT_CHECKED' || event.type === 'DOCUMENT_CHECK_FAILED'
          ? context.checking.filter((d) => d.sha256 !== event.sha256)
          : context.checking,
    }),
    // A new proposal starts the agreement over: every school agrees the courses as they now stand.
    recordProposal: assign({
      learningAgreement: ({ event, context }) =>
        event.type === 'PROPOSE_LEARNING_AGREEMENT'
          ? { courses: event.courses, agreedBy: [] }
          : context.learningAgreement,
    }),
    recordSchoolAgreed: assign({
      learningAgreement: ({ event, context }) =>
        event.type === 'AGREE_LEARNING_AGREEMENT' && context.learningAgreement
          ? { ...context.learningAgreement, agreedBy: [...context.learningAgreement.agreedBy, event.school] }
          : context.learningAgreement,
    }),
    recordApplicationComplete: assign({
      applicationCompleteAt: ({ event, context }) =>
        'at' in event ? event.at : context.applicationCompleteAt,
    }),
    recordInvitationLetter: assign({
      invitationLetterSentAt: ({ event, context }) =>
        'at' in event ? event.at : context.invitationLetterSentAt,
    }),
    recordInvitationLetterDocument: assign({
      invitationLetterSha256: ({ event, context }) =>
        event.type === 'INVITATION_LETTER_ISSUED' ? event.sha256 : context.invitationLetterSha256,
    }),
    recordMigrationInvitation: assign({
      migrationInvitation: ({ event, context }) =>
        event.type === 'RECORD_MIGRATION_INVITATION'
          ? { reference: event.reference, at: event.at }
          : context.migrationInvitation,
    }),
    recordArrival: assign({
      arrivedAt: ({ event, context }) => ('at' in event ? event.at : context.arrivedAt),
    }),
    recordGrades: assign({
      grades: ({ event, context }) =>
        event.type === 'RECORD_GRADES' ? convertGrades(context, event.grades).grades : context.grades,
    }),
    recordTranscript: assign({
      transcriptSha256: ({ event, context }) =>
        event.type === 'TRANSCRIPT_ISSUED' ? event.sha256 : context.transcriptSha256,
    }),
    recordOutcome: assign({
      outcome: ({ event }, params: { kind: OutcomeKind }) => ({
        kind: params.kind,
        reason: 'reason' in event ? event.reason : params.kind,
        by: event.actor,
      }),
    }),
  },
});

export const may = (roles: Role[], ...conditions: ConditionName[]) => ({
  type: 'may' as const,
  params: { roles, conditions },
});
export const notify = (template: TemplateName, to: Recipient) => ({
  type: 'notify' as const,
  params: { template, to },
});
export const outcome = (kind: OutcomeKind) => ({ type: 'recordOutcome' as const, params: { kind } });

/** A resend: the message is read before it is forgotten (actions resolve in order), then the address kept. */
export const resendUndelivered = [
  {
    type: 'resendMessage' as const,
    params: ({ context, event }: { context: IncomingCaseContext; event: IncomingMachineEvent }) => ({
      message: resentMessage(context.undelivered, event),
    }),
  },
  'forgetUndelivered' as const,
  'correctStudentAddress' as const,
];
