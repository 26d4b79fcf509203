import { may, outgoingCaseSetup } from '../setup';

/**
 * The semester abroad. A change of the learning agreement goes back to the dean's office and, from
 * version 6, to the partner too; the new plan then replaces the individual curriculum and its retake list.
 */
export const mobility = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Mobility' },
  initial: 'abroad',
  states: {
    abroad: {
      on: {
        REQUEST_LEARNING_AGREEMENT_CHANGE: {
          guard: may(['student', 'di_officer'], 'learningAgreementChangeProposal'),
          target: 'learningAgreementChange',
          actions: 'recordChangeProposal',
        },
        END_MOBILITY: { guard: may(['di_officer']), target: '#outgoingCase.open.return' },
      },
    },
    learningAgreementChange: {
      // Version 6: once the dean's office and the partner signed, the change is the agreement in force.
      always: {
        guard: 'learningAgreementChangeSigned',
        target: 'abroad',
        actions: ['adoptChange', 'countLearningAgreementChange'],
      },
      on: {
        AGREE_LEARNING_AGREEMENT_CHANGE: [
          {
            guard: may(['dean_office', 'partner'], 'learningAgreementSignature'),
            actions: 'recordSignature',
          },
          {
            guard: may(['dean_office'], 'changeAgreedByDean'),
            target: 'abroad',
            actions: 'countLearningAgreementChange',
          },
        ],
      },
    },
  },
});
