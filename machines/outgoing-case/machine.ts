import { announce } from './announcements';
import { may, notify, outgoingCaseSetup, resendUndelivered } from './setup';
import { application } from './stages/application';
import {
  creditRecalculation,
  ending,
  fundsRefundDue,
  fundsReconciliation,
  fundsSettling,
  issuingStatement,
  rejected,
} from './stages/closing';
import { eligibilityReview } from './stages/eligibility-review';
import { mobility } from './stages/mobility';
import { competition, placement } from './stages/placement';
import { preDeparture, readyToDepart } from './stages/pre-departure';
import { returnStage } from './stages/return';

/** The machine version new cases run; see README, "Cases outlive code". */
export const MACHINE_VERSION = 6;

const system = may(['system']);
/** Version 5: the student is told a case that ended early is closed, and why; a rejection says so itself. */
const closedEarly = announce('caseClosed', 'student', { fields: 'closure' });
const endEarly = (kind: 'withdrawn' | 'cancelled') => ({ type: 'recordOutcome' as const, params: { kind } });
const engineCancelled = {
  guard: system,
  target: '#outgoingCase.ending',
  actions: [
    endEarly('cancelled'),
    { type: 'leaveCall' as const },
    notify('caseCancelledOutsideApi', 'di_officer'),
  ],
};

/**
 * A running case keeps the mails the relay refused, and DI resends them. Declared on each state a case
 * can wait in rather than on the root, so a finished case takes neither.
 */
const undeliveredMail = {
  NOTIFICATION_UNDELIVERED: { guard: system, actions: 'recordUndelivered' as const },
  RESEND_MESSAGE: {
    guard: may(['di_officer'], 'undeliveredMessage', 'addressOfStudent'),
    actions: resendUndelivered,
  },
};

export const outgoingCaseMachine = outgoingCaseSetup.createMachine({
  id: 'outgoingCase',
  context: ({ input }) => ({
    ...input,
    appliedAt: null,
    record: null,
    recordProblem: null,
    english: { ielts: null, auditionPassed: null },
    eligibility: null,
    documents: [],
    checking: [],
    confirmedItems: [],
    partner: null,
    grantDisbursed: false,
    fundsReconciled: false,
    curriculum: null,
    credits: null,
    learningAgreementChanges: 0,
    outcome: null,
    joinedCall: false,
    callDecision: null,
  }),
  initial: 'open',
  on: {
    DEADLINE_REMINDER: { guard: system, actions: 'remindOfDeadline' },
    DEADLINE_ESCALATION: { guard: system, actions: 'escalateDeadline' },
  },
  states: {
    // Until credit recalculation starts, a case can be withdrawn by the student or cancelled by DI, and
    // a cancellation requested of the engine itself (Temporal UI or CLI) is a cancellation too.
    open: {
      initial: 'application',
      on: {
        WITHDRAW: {
          guard: may(['student']),
          target: 'ending',
          actions: [endEarly('withdrawn'), { type: 'leaveCall' as const }],
        },
        CANCEL: {
          guard: may(['di_officer']),
          target: 'ending',
          actions: [endEarly('cancelled'), { type: 'leaveCall' as const }],
        },
        ENGINE_CANCELLED: engineCancelled,
        ...undeliveredMail,
        // A check that finishes after the case moved on records nothing; the upload is refused.
        DOCUMENT_CHECKED: { guard: system, actions: 'forgetDocumentCheck' },
        DOCUMENT_CHECK_FAILED: { guard: system, actions: 'forgetDocumentCheck' },
      },
      states: {
        application,
        eligibilityReview,
        competition,
        placement,
        preDeparture,
        readyToDepart,
        mobility,
        return: returnStage,
      },
    },
    creditRecalculation: {
      ...creditRecalculation,
      on: { ...creditRecalculation.on, ENGINE_CANCELLED: engineCancelled, ...undeliveredMail },
    },
    issuingStatement: { ...issuingStatement, on: { ...issuingStatement.on, ...undeliveredMail } },
    ending,
    fundsReconciliation: { ...fundsReconciliation, on: { ...fundsReconciliation.on, ...undeliveredMail } },
    fundsSettling,
    fundsRefundDue: { ...fundsRefundDue, on: { ...fundsRefundDue.on, ...undeliveredMail } },
    closed: { type: 'final', meta: { stage: 'Closed' } },
    withdrawn: { type: 'final', meta: { stage: 'Withdrawn' }, entry: closedEarly },
    cancelled: { type: 'final', meta: { stage: 'Cancelled' }, entry: closedEarly },
    rejected,
  },
});

export type OutgoingCaseMachine = typeof outgoingCaseMachine;
