import { announce } from '../announcements';
import { may, outgoingCaseSetup } from '../setup';

/** The student (or DI, for an emailed application) submits within the call's application window. */
export const application = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Application' },
  on: {
    SUBMIT_APPLICATION: {
      guard: may(['student', 'di_officer'], 'withinApplicationWindow'),
      target: 'eligibilityReview',
      actions: [
        'recordAppliedAt',
        announce('applicationReceived', 'student', { fields: 'documentsOutstanding' }),
      ],
    },
  },
});
