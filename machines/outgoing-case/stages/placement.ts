import { announce } from '../announcements';
import { extendDeadline, may, notify, outgoingCaseSetup } from '../setup';

const system = (...c: Parameters<typeof may> extends [unknown, ...infer R] ? R : never) =>
  may(['system'], ...c);
const rejectedByCall = { type: 'recordOutcome', params: { kind: 'rejected' } } as const;

/**
 * Places are competed for, then DI nominates the student and the partner answers. A version-3 case has
 * joined its call: the call's decision (selected, waitlisted, not selected) arrives as CALL_DECISION, and a
 * partner's refusal sends the case back to the call for its next choice or the waitlist.
 */
export const competition = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Competition' },
  on: {
    SELECT_FOR_PLACEMENT: { guard: may(['di_officer'], 'decidedByCall'), target: 'placement' },
    DECLARE_NOT_SELECTED: {
      guard: may(['di_officer']),
      target: '#outgoingCase.rejected',
      actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
    },
    // The student is mailed the call's word; a rejection is mailed on entering rejected.
    CALL_DECISION: [
      {
        guard: system('callSelected'),
        target: 'placement',
        actions: ['recordCallDecision', notify('callResult', 'student')],
      },
      {
        guard: system('callNotSelected'),
        target: '#outgoingCase.rejected',
        actions: ['recordCallDecision', rejectedByCall],
      },
      { guard: system(), actions: ['recordCallDecision', notify('callResult', 'student')] },
    ],
  },
});

export const placement = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Placement' },
  initial: 'nomination',
  states: {
    nomination: {
      on: {
        NOMINATE_TO_PARTNER: {
          guard: may(['di_officer'], 'allocatedPartner'),
          target: 'awaitingInvitation',
          actions: ['recordPartner', announce('nominatedToPartner', 'student')],
        },
      },
    },
    awaitingInvitation: {
      meta: {
        deadline: {
          id: 'invitationLetter',
          timing: 'invitationLetterDays',
          responsible: 'di_officer',
          what: "the partner's invitation letter",
          escalation: { to: 'di_officer', template: 'invitationLetterOverdue' },
        },
      },
      on: {
        EXTEND_DEADLINE: extendDeadline('invitationLetter'),
        RECORD_INVITATION_LETTER: {
          guard: may(['di_officer', 'partner']),
          target: '#outgoingCase.open.preDeparture',
        },
        // The letter as a document arriving from the nominated partner's system.
        PARTNER_DOCUMENT_RECEIVED: {
          guard: may(['partner'], 'invitationLetter'),
          target: '#outgoingCase.open.preDeparture',
        },
        RECORD_PARTNER_DECLINED: [
          {
            guard: may(['di_officer', 'partner'], 'joinedCall'),
            target: '#outgoingCase.open.competition',
            actions: ['clearPartner', 'forgetCallDecision', 'reportPartnerDeclined'],
          },
          {
            guard: may(['di_officer', 'partner'], 'notJoinedCall'),
            target: 'nomination',
            actions: 'clearPartner',
          },
        ],
      },
    },
  },
});
