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
            SEND_INVITATION_LETTER: {
              guard: may(['di_officer']),
              target: 'sent',
              actions: ['recordInvitationLetter', notify('incomingInvitationLetter', 'student')],
            },
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
