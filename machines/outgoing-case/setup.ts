import { assign, setup } from 'xstate';
import { resentMessage, withCorrectedAddress, withoutResent, withReported } from '../shared/undelivered';
import type { Role } from '../../domain/actor';
import type { Recipient, TemplateName } from '../../domain/notification';
import { CONDITIONS, inScope, type ConditionName } from './conditions';
import type {
  DeadlineMeta,
  OutcomeKind,
  OutgoingCaseContext,
  OutgoingCaseInput,
  UndeliveredMessage,
} from './context';
import type { NotifyParams } from './announcements';
import type { MachineEvent } from './events';
import { grantOf, reconcilesGrant, statementOf } from './grant';
import { creditsOf, curriculumSummaryOf, gradedTranscript, proposedCurriculum } from './after-selection';
import {
  adopted,
  changeSigned,
  firstVersionSigned,
  keepsLearningAgreement,
  proposedChange,
  signed,
} from './learning-agreement';
import { agreementOf } from '../../domain/learning-agreement';
import { assess, caseChecklist, grantFunded, prepaysTuition, unconfirmedItems } from './rules';

/** The parameters of the one guard every event from outside carries: who may send it, and what must hold. */
export interface MayParams {
  roles: readonly Role[];
  conditions: readonly ConditionName[];
}

/**
 * The outgoing case's vocabulary: its types, and its named, pure guards and actions. The states that use
 * them are in the stage modules. Actions with an empty body are effects the workflow carries out
 * (see effects.ts): the machine asks, the workflow does.
 */
export const outgoingCaseSetup = setup({
  types: {
    context: {} as OutgoingCaseContext,
    events: {} as MachineEvent,
    input: {} as OutgoingCaseInput,
  },
  guards: {
    may: ({ context, event }, params: MayParams) =>
      params.roles.includes(event.actor.role) &&
      inScope(context, event.actor) &&
      params.conditions.every((name) => CONDITIONS[name].holds(context, event)),
    grantFunded: ({ context }) => grantFunded(context),
    prepaysTuition: ({ context }) => prepaysTuition(context),
    englishShownOtherwise: ({ context }) =>
      context.eligibility?.englishEvidence === 'transcript' ||
      context.eligibility?.englishEvidence === 'ielts',
    checklistComplete: ({ context }) => caseChecklist(context).complete,
    /** A grant paid out and not yet settled: an early end goes through funds reconciliation first. */
    fundsOwed: ({ context }) => context.grantDisbursed && !context.fundsReconciled,
    /** Version 4: the financial report left allowances unspent, which the student refunds. */
    refundOwed: ({ context }) => (context.grantStatement?.refund ?? 0) > 0,
    /** Version 6: every party signed the first version of the learning agreement. */
    learningAgreementSigned: ({ context }) => firstVersionSigned(context),
    /** Version 6: both institutions signed the change proposed during mobility. */
    learningAgreementChangeSigned: ({ context }) => changeSigned(context),
    outcomeIs: ({ context }, params: { kind: OutcomeKind }) => context.outcome?.kind === params.kind,
  },
  actions: {
    notify: (_, _params: NotifyParams) => {
      /* effect: an email to the recipient */
    },
    readStudentRecord: () => {
      /* effect: an activity; it answers with STUDENT_RECORD_READ or _UNAVAILABLE */
    },
    checkDocument: () => {
      /* effect: an activity on the upload named by the ATTACH_DOCUMENT event; it answers with DOCUMENT_CHECKED */
    },
    remindOfDeadline: () => {
      /* effect: a reminder to whoever the DEADLINE_REMINDER event's deadline names */
    },
    escalateDeadline: () => {
      /* effect: the escalation the DEADLINE_ESCALATION event's deadline declares */
    },
    extendDeadline: (_, _params: { id: DeadlineMeta['id'] }) => {
      /* effect: the EXTEND_DEADLINE event's days move the deadline and its reminders and escalations */
    },
    resendMessage: (_, _params: { message: UndeliveredMessage | undefined }) => {
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
    recordAppliedAt: assign({
      appliedAt: ({ event, context }) => (event.type === 'SUBMIT_APPLICATION' ? event.at : context.appliedAt),
    }),
    recordStudentRecord: assign({
      record: ({ event, context }) => (event.type === 'STUDENT_RECORD_READ' ? event.record : context.record),
      recordProblem: null,
    }),
    // Without a record there is no verdict: an earlier one must not stand for the student's state now.
    recordRecordProblem: assign({
      recordProblem: ({ event, context }) =>
        event.type === 'STUDENT_RECORD_UNAVAILABLE' ? event.reason : context.recordProblem,
      record: null,
      eligibility: null,
    }),
    // While the record is read again, the old verdict must not confirm anything.
    clearVerdict: assign({ eligibility: null }),
    recordIelts: assign({
      english: ({ event, context }) =>
        event.type === 'RECORD_IELTS'
          ? { ...context.english, ielts: { score: event.score, testDate: event.testDate } }
          : context.english,
    }),
    recordAuditionPassed: assign({
      english: ({ context }) => ({ ...context.english, auditionPassed: true }),
    }),
    recordAuditionFailed: assign({
      english: ({ context }) => ({ ...context.english, auditionPassed: false }),
    }),
    startDocumentCheck: assign({
      checking: ({ event, context }) =>
        event.type === 'ATTACH_DOCUMENT'
          ? [...context.checking, { ...event.document, uploadedBy: event.actor, uploadedAt: event.at }]
          : context.checking,
    }),
    /** A checked upload joins the case; an accepted IELTS certificate is also English evidence. */
    recordCheckedDocument: assign(({ event, context }) => {
      const document = context.checking.find(
        (d) => event.type === 'DOCUMENT_CHECKED' && d.sha256 === event.sha256,
      );
      if (event.type !== 'DOCUMENT_CHECKED' || !document) return {};
      const { verdict } = event;
      const ielts = verdict.accepted && verdict.ielts ? verdict.ielts : undefined;
      return {
        documents: [...context.documents, { document, verdict }],
        english: ielts ? { ...context.english, ielts } : context.english,
        checking: context.checking.filter((d) => d.sha256 !== event.sha256),
      };
    }),
    forgetDocumentCheck: assign({
      checking: ({ event, context }) =>
        event.type === 'DOCUMENT_CHECKED' || event.type === 'DOCUMENT_CHECK_FAILED'
          ? context.checking.filter((d) => d.sha256 !== event.sha256)
          : context.checking,
    }),
    recordPaperFolder: assign({
      confirmedItems: ({ context }) => [...context.confirmedItems, ...unconfirmedItems(context)],
    }),
    assessEligibility: assign({ eligibility: ({ context }) => assess(context) }),
    recordPartner: assign({
      partner: ({ event }) =>
        event.type === 'NOMINATE_TO_PARTNER' ? { id: event.partnerId, name: event.partnerName } : null,
    }),
    clearPartner: assign({ partner: null }),
    issueCreditStatement: () => {
      /* effect (version 6): the credit transfer statement as a PDF in the document store; answers CREDIT_STATEMENT_ISSUED or _FAILED */
    },
    joinCall: () => {
      /* effect (version 3): the case joins its call with its ranking facts and preferences */
    },
    leaveCall: () => {
      /* effect (version 3): a case that joined its call tells it that it left */
    },
    reportPartnerDeclined: () => {
      /* effect (version 3): the call gives the student its next choice or the waitlist */
    },
    recordJoinedCall: assign(({ context }) =>
      (context.machineVersion ?? 1) >= 3 ? { joinedCall: true } : {},
    ),
    // A partner's refusal voids the call's placement: the call decides again (or, once it has ended, DI does).
    forgetCallDecision: assign({ callDecision: null }),
    recordCallDecision: assign({
      callDecision: ({ event, context }) =>
        event.type === 'CALL_DECISION' ? event.decision : (context.callDecision ?? null),
    }),
    recordGrantDisbursed: assign(({ context, event }) => ({
      grantDisbursed: true,
      ...(reconcilesGrant(context) ? { grant: grantOf(context, event) } : {}),
    })),
    recordGrantStatement: assign(({ context, event }) =>
      reconcilesGrant(context) ? { grantStatement: statementOf(context, event) } : {},
    ),
    recordRefundConfirmed: assign({ refundConfirmed: true }),
    recordFundsReconciled: assign({ fundsReconciled: true }),
    recordCurriculum: assign(({ event, context }) => {
      if (event.type !== 'AGREE_CURRICULUM') return {};
      const computed = proposedCurriculum(context, event);
      if (computed.ok && computed.value)
        return {
          individualCurriculum: computed.value,
          curriculum: curriculumSummaryOf(computed.value),
          ...(keepsLearningAgreement(context)
            ? { learningAgreements: [agreementOf(computed.value, 1, null)], learningAgreementChange: null }
            : {}),
        };
      return {
        curriculum: {
          creditsPlanned: event.creditsPlanned ?? 0,
          creditsRequired: event.creditsRequired ?? 0,
          retakeCourses: event.retakeCourses,
        },
      };
    }),
    recordTranscript: assign(({ event, context }) => {
      const graded = gradedTranscript(context, event);
      return graded.ok && graded.value ? { creditTransfer: graded.value } : {};
    }),
    recordSignature: assign(({ context, event }) => signed(context, event)),
    recordChangeProposal: assign(({ context, event }) => {
      const proposed = proposedChange(context, event);
      return proposed.ok && proposed.value ? { learningAgreementChange: proposed.value } : {};
    }),
    adoptChange: assign(({ context }) => {
      const next = adopted(context);
      const plan = next.individualCurriculum;
      return plan ? { ...next, curriculum: curriculumSummaryOf(plan) } : next;
    }),
    countLearningAgreementChange: assign({
      learningAgreementChanges: ({ context }) => context.learningAgreementChanges + 1,
    }),
    recordCredits: assign({
      credits: ({ event, context }) => {
        if (event.type !== 'RECALCULATE_CREDITS') return context.credits;
        if (context.creditTransfer) return creditsOf(context.creditTransfer);
        return { creditsTransferred: event.creditsTransferred ?? 0, retakeCourses: event.retakeCourses };
      },
    }),
    recordCreditStatement: assign(({ event }) =>
      event.type === 'CREDIT_STATEMENT_ISSUED'
        ? { creditStatement: { sha256: event.sha256, size: event.size }, creditStatementProblem: null }
        : {},
    ),
    recordCreditStatementProblem: assign(({ event }) =>
      event.type === 'CREDIT_STATEMENT_FAILED' ? { creditStatementProblem: event.reason } : {},
    ),
    recordOutcome: assign({
      outcome: ({ event }, params: { kind: OutcomeKind }) => ({
        kind: params.kind,
        reason: 'reason' in event ? event.reason : params.kind,
        by: event.actor,
      }),
    }),
  },
});

/** The guard of an event from outside the machine: the roles that may send it and the facts it needs. */
export const may = (roles: Role[], ...conditions: ConditionName[]) => ({
  type: 'may' as const,
  params: { roles, conditions },
});
/** A deadline's state lets DI extend it by days, with a reason; the workflow moves its timers. */
export const extendDeadline = (id: DeadlineMeta['id']) => ({
  guard: may(['di_officer']),
  actions: { type: 'extendDeadline' as const, params: { id } },
});
/** A resend: the message is read before it is forgotten (actions resolve in order), then the address kept. */
export const resendUndelivered = [
  {
    type: 'resendMessage' as const,
    params: ({ context, event }: { context: OutgoingCaseContext; event: MachineEvent }) => ({
      message: resentMessage(context.undelivered, event),
    }),
  },
  'forgetUndelivered' as const,
  'correctStudentAddress' as const,
];
export const notify = (template: TemplateName, to: Recipient) => ({
  type: 'notify' as const,
  params: { template, to },
});
