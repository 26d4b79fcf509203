import { incomingCaseSetup, may, notify, outcome, resendUndelivered } from './setup';
import { application, nominated } from './stages/application';
import { invitations } from './stages/invitations';
import { arrival, study, transcript } from './stages/stay';

/** The machine version new incoming cases run; see README, "Cases outlive code". */
export const INCOMING_MACHINE_VERSION = 2;

const system = may(['system']);
const engineCancelled = {
  guard: system,
  target: '#incomingCase.cancelled',
  actions: [outcome('cancelled'), notify('caseCancelledOutsideApi', 'di_officer')],
};

/** A running case keeps the mails the relay refused, and DI resends them; a finished case takes neither. */
const undeliveredMail = {
  NOTIFICATION_UNDELIVERED: { guard: system, actions: 'recordUndelivered' as const },
  RESEND_MESSAGE: {
    guard: may(['di_officer'], 'undeliveredMessage', 'addressOfStudent'),
    actions: resendUndelivered,
  },
};

export const incomingCaseMachine = incomingCaseSetup.createMachine({
  id: 'incomingCase',
  context: ({ input }) => ({
    ...input,
    disciplinesSentAt: null,
    documents: [],
    checking: [],
    learningAgreement: null,
    applicationCompleteAt: null,
    invitationLetterSentAt: null,
    invitationLetterSha256: null,
    migrationInvitation: null,
    arrivedAt: null,
    grades: null,
    transcriptSha256: null,
    outcome: null,
  }),
  initial: 'open',
  on: {
    DEADLINE_REMINDER: { guard: system, actions: 'remindOfDeadline' },
    DEADLINE_ESCALATION: { guard: system, actions: 'escalateDeadline' },
  },
  states: {
    // Until the transcript is made, the partner (or the student) may withdraw and DI may cancel.
    open: {
      initial: 'nominated',
      on: {
        WITHDRAW: {
          guard: may(['student', 'partner']),
          target: '#incomingCase.withdrawn',
          actions: outcome('withdrawn'),
        },
        CANCEL: {
          guard: may(['di_officer']),
          target: '#incomingCase.cancelled',
          actions: outcome('cancelled'),
        },
        ENGINE_CANCELLED: engineCancelled,
        ...undeliveredMail,
        // A check that finishes after the case moved on records nothing.
        DOCUMENT_CHECKED: { guard: system, actions: 'forgetDocumentCheck' },
        DOCUMENT_CHECK_FAILED: { guard: system, actions: 'forgetDocumentCheck' },
      },
      states: { nominated, application, invitations, arrival, study },
    },
    transcript: { ...transcript, on: { ENGINE_CANCELLED: engineCancelled, ...undeliveredMail } },
    closed: { type: 'final', meta: { stage: 'Closed' } },
    withdrawn: {
      type: 'final',
      meta: { stage: 'Withdrawn' },
      entry: notify('incomingClosedEarly', 'di_officer'),
    },
    cancelled: {
      type: 'final',
      meta: { stage: 'Cancelled' },
      entry: notify('incomingClosedEarly', 'partner'),
    },
    rejected: {
      type: 'final',
      meta: { stage: 'Rejected' },
      entry: [notify('incomingClosedEarly', 'partner'), notify('incomingClosedEarly', 'student')],
    },
  },
});

export type IncomingCaseMachine = typeof incomingCaseMachine;
