import { incomingCaseSetup, may, notify } from '../setup';

/**
 * Within a month of the complete application: KBTU's invitation letter, and the migration-service
 * invitation where the citizenship needs a visa. Each awaited one is a watched deadline, due the same day.
 */
export const invitations = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Invitations' },
  type: 'parallel',
  onDone: 'arrival',
  // One promise, one date: an extension moves every invitation still awaited.
  on: { EXTEND_DEADLINE: { guard: may(['di_officer']), actions: 'extendDeadlines' } },
  states: {
    letter: {
      initial: 'pending',
      states: {
        pending: {
          meta: {
            deadline: {
              id: 'invitationLetter',
              responsible: 'di_officer',
              what: "KBTU's invitation letter",
              escalationTemplate: 'incomingInvitationOverdue',
            },
          },
          on: {
            SEND_INVITATION_LETTER: [
              {
                guard: may(['di_officer'], 'issuesLetterDocument'),
                target: 'issuing',
                actions: 'recordInvitationLetter',
              },
              // Version 1 recorded the letter as sent, with no document.
              {
                guard: may(['di_officer'], 'recordsLetterOnly'),
                target: 'sent',
                actions: ['recordInvitationLetter', notify('incomingInvitationLetter', 'student')],
              },
            ],
          },
        },
        issuing: {
          entry: 'issueInvitationLetter',
          on: {
            INVITATION_LETTER_ISSUED: {
              guard: may(['system']),
              target: 'sent',
              actions: ['recordInvitationLetterDocument', notify('incomingInvitationLetter', 'student')],
            },
            // Nothing was sent: the deadline is watched again and DI sends the letter once the cause is fixed.
            INVITATION_LETTER_FAILED: { guard: may(['system']), target: 'pending' },
          },
        },
        sent: { type: 'final' },
      },
    },
    migration: {
      initial: 'deciding',
      states: {
        deciding: {
          always: [{ guard: 'visaRequired', target: 'pending' }, { target: 'notRequired' }],
        },
        pending: {
          meta: {
            deadline: {
              id: 'migrationInvitation',
              responsible: 'di_officer',
              what: 'the invitation approved by the migration service',
              escalationTemplate: 'incomingInvitationOverdue',
            },
          },
          on: {
            RECORD_MIGRATION_INVITATION: {
              guard: may(['di_officer']),
              target: 'approved',
              actions: ['recordMigrationInvitation', notify('incomingMigrationInvitation', 'student')],
            },
          },
        },
        approved: { type: 'final' },
        notRequired: { type: 'final' },
      },
    },
  },
});
