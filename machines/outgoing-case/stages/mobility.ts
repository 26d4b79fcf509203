import { may, outgoingCaseSetup } from '../setup';

/** The semester abroad; a change of the learning agreement goes back to the dean's office. */
export const mobility = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Mobility' },
  initial: 'abroad',
  states: {
    abroad: {
      on: {
        REQUEST_LEARNING_AGREEMENT_CHANGE: {
          guard: may(['student', 'di_officer']),
          target: 'learningAgreementChange',
        },
        END_MOBILITY: { guard: may(['di_officer']), target: '#outgoingCase.open.return' },
      },
    },
    learningAgreementChange: {
      on: {
        AGREE_LEARNING_AGREEMENT_CHANGE: {
          guard: may(['dean_office']),
          target: 'abroad',
          actions: 'countLearningAgreementChange',
        },
      },
    },
  },
});
