import { assign, setup } from 'xstate';
import type { Role } from '../../domain/actor';
import type { OutcomeKind, OutgoingCaseContext, OutgoingCaseInput, Recipient } from './context';
import type { MachineEvent } from './events';
import { assess, caseChecklist, grantFunded, prepaysTuition, unconfirmedItems } from './rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The outgoing case's vocabulary: its types, and its named, pure guards, actions and delays. The states
 * that use them are in machine.ts. Actions with an empty body are effects the workflow carries out.
 */
export const outgoingCaseSetup = setup({
  types: {
    context: {} as OutgoingCaseContext,
    events: {} as MachineEvent,
    input: {} as OutgoingCaseInput,
  },
  guards: {
    actorHasRole: ({ event }, params: { roles: Role[] }) => params.roles.includes(event.actor.role),
    grantFunded: ({ context }) => grantFunded(context),
    prepaysTuition: ({ context }) => prepaysTuition(context),
    eligible: ({ context }) => context.eligibility?.eligible === true,
    // Only English stands in the way: an applicant who fails another rule gains nothing from the audition.
    auditionOpen: ({ context }) =>
      context.eligibility?.audition === 'may_register' &&
      context.eligibility.rules.every((r) => r.passed || r.id === 'english'),
    englishShownOtherwise: ({ context }) =>
      context.eligibility?.englishEvidence === 'transcript' ||
      context.eligibility?.englishEvidence === 'ielts',
    checklistComplete: ({ context }) => caseChecklist(context).complete,
    paperFolderAwaited: ({ context }) => unconfirmedItems(context).length > 0,
    grantDisbursed: ({ context }) => context.grantDisbursed,
    outcomeIs: ({ context }, params: { kind: OutcomeKind }) => context.outcome?.kind === params.kind,
  },
  actions: {
    notify: (_, _params: { template: string; to: Recipient }) => {
      /* carried out by the workflow as an email activity */
    },
    readStudentRecord: () => {
      /* carried out by the workflow as an activity; it answers with STUDENT_RECORD_READ or _UNAVAILABLE */
    },
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
    /** A checked upload joins the case; an accepted IELTS certificate is also English evidence. */
    recordDocument: assign(({ event, context }) => {
      if (event.type !== 'ATTACH_DOCUMENT') return {};
      const { verdict } = event;
      const document = { ...event.document, uploadedBy: event.actor, uploadedAt: event.uploadedAt };
      const ielts = verdict.accepted && verdict.ielts ? verdict.ielts : undefined;
      return {
        documents: [...context.documents, { document, verdict }],
        english: ielts ? { ...context.english, ielts } : context.english,
      };
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
    recordGrantDisbursed: assign({ grantDisbursed: true }),
    recordCurriculum: assign({
      curriculum: ({ event, context }) =>
        event.type === 'AGREE_CURRICULUM'
          ? {
              creditsPlanned: event.creditsPlanned,
              creditsRequired: event.creditsRequired,
              retakeCourses: event.retakeCourses,
            }
          : context.curriculum,
    }),
    countLearningAgreementChange: assign({
      learningAgreementChanges: ({ context }) => context.learningAgreementChanges + 1,
    }),
    recordCredits: assign({
      credits: ({ event, context }) =>
        event.type === 'RECALCULATE_CREDITS'
          ? { creditsTransferred: event.creditsTransferred, retakeCourses: event.retakeCourses }
          : context.credits,
    }),
    recordOutcome: assign({
      outcome: ({ event }, params: { kind: OutcomeKind }) => ({
        kind: params.kind,
        reason: 'reason' in event ? event.reason : params.kind,
        by: event.actor,
      }),
    }),
  },
  delays: {
    invitationEscalation: ({ context }) =>
      (context.policy.timings.invitationLetterDays + context.policy.timings.escalationDaysAfter) * DAY_MS,
    returnEscalation: ({ context }) =>
      (context.policy.timings.returnDocumentsDays + context.policy.timings.escalationDaysAfter) * DAY_MS,
  },
});
