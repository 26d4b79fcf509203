import { may, notify, outgoingCaseSetup } from '../setup';
import { stageDocuments } from './stage-documents';

/** Optional papers: each decided on entry from the case (paid basis, grant track). */
const decided = (guard: 'prepaysTuition' | 'grantFunded') => ({
  always: [{ guard, target: 'pending' }, { target: 'notRequired' }],
});

/** Before departure, side by side: leave, curriculum, learning agreement, visa, tuition, grant. */
export const preDeparture = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Pre-departure' },
  entry: notify('selectedPrepareDeparture', 'student'),
  type: 'parallel',
  onDone: 'readyToDepart',
  states: {
    leave: {
      initial: 'pending',
      states: {
        pending: {
          on: {
            APPROVE_LEAVE: { guard: may(['vice_rector']), target: 'approved' },
            REFUSE_LEAVE: {
              guard: may(['vice_rector']),
              target: '#outgoingCase.ending',
              actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
            },
          },
        },
        approved: { type: 'final' },
      },
    },
    curriculum: {
      initial: 'drafting',
      states: {
        drafting: {
          on: {
            AGREE_CURRICULUM: {
              guard: may(['dean_office'], 'curriculumProposal'),
              target: 'agreed',
              actions: 'recordCurriculum',
            },
          },
        },
        agreed: { type: 'final' },
      },
    },
    learningAgreement: {
      initial: 'pending',
      states: {
        pending: {
          // Version 6: signed once every party has signed the version the agreed curriculum made.
          always: { guard: 'learningAgreementSigned', target: 'signed' },
          on: {
            SIGN_LEARNING_AGREEMENT: [
              {
                guard: may(
                  ['student', 'dean_office', 'partner'],
                  'curriculumAgreed',
                  'learningAgreementSignature',
                ),
                actions: 'recordSignature',
              },
              { guard: may(['di_officer'], 'curriculumAgreed', 'signedByOffice'), target: 'signed' },
            ],
            ...stageDocuments(['student', 'di_officer', 'partner'], 'learningAgreementDocument'),
          },
        },
        signed: { type: 'final' },
      },
    },
    visa: {
      initial: 'pending',
      states: {
        pending: { on: { RECORD_VISA: { guard: may(['student', 'di_officer']), target: 'obtained' } } },
        obtained: { type: 'final' },
      },
    },
    tuition: {
      initial: 'deciding',
      states: {
        deciding: decided('prepaysTuition'),
        pending: { on: { CONFIRM_TUITION_PREPAID: { guard: may(['finance']), target: 'prepaid' } } },
        prepaid: { type: 'final' },
        notRequired: { type: 'final' },
      },
    },
    grant: {
      initial: 'deciding',
      states: {
        deciding: decided('grantFunded'),
        pending: {
          on: {
            DISBURSE_GRANT: {
              guard: may(['finance'], 'grantAllowancesKnown'),
              target: 'disbursed',
              actions: 'recordGrantDisbursed',
            },
          },
        },
        disbursed: { type: 'final' },
        notRequired: { type: 'final' },
      },
    },
  },
});

export const readyToDepart = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Ready to depart' },
  on: { DEPART: { guard: may(['di_officer']), target: 'mobility' } },
});
