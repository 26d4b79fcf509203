import { may, outgoingCaseSetup } from '../setup';

/** Places are competed for (DI selects), then DI nominates the student and the partner answers. */
export const competition = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Competition' },
  on: {
    SELECT_FOR_PLACEMENT: { guard: may(['di_officer']), target: 'placement' },
    DECLARE_NOT_SELECTED: {
      guard: may(['di_officer']),
      target: '#outgoingCase.rejected',
      actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
    },
  },
});

export const placement = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Placement' },
  initial: 'nomination',
  states: {
    nomination: {
      on: {
        NOMINATE_TO_PARTNER: {
          guard: may(['di_officer']),
          target: 'awaitingInvitation',
          actions: 'recordPartner',
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
        RECORD_INVITATION_LETTER: {
          guard: may(['di_officer', 'partner']),
          target: '#outgoingCase.open.preDeparture',
        },
        // The letter as a document arriving from the nominated partner's system.
        PARTNER_DOCUMENT_RECEIVED: {
          guard: may(['partner'], 'invitationLetter'),
          target: '#outgoingCase.open.preDeparture',
        },
        RECORD_PARTNER_DECLINED: {
          guard: may(['di_officer', 'partner']),
          target: 'nomination',
          actions: 'clearPartner',
        },
      },
    },
  },
});
