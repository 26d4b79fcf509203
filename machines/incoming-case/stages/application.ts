import { incomingCaseSetup, may, notify, outcome } from '../setup';

/** The partner nominated the student; DI sends the hosting school's disciplines for the semester. */
export const nominated = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Nomination' },
  entry: notify('incomingNominated', 'partner'),
  on: {
    SEND_DISCIPLINES_LIST: {
      guard: may(['di_officer'], 'schoolOffersCourses'),
      target: 'application',
      actions: ['recordDisciplinesSent', notify('incomingDisciplinesList', 'student')],
    },
    REJECT_NOMINATION: {
      guard: may(['di_officer']),
      target: '#incomingCase.rejected',
      actions: outcome('rejected'),
    },
  },
});

/**
 * The student's application: the documents of the checklist, checked byte by byte, and the learning
 * agreement, agreed by the dean's office of every school that teaches one of its courses. Both complete,
 * the one-month promise starts.
 */
export const application = incomingCaseSetup.createStateConfig({
  meta: { stage: 'Application' },
  type: 'parallel',
  on: {
    REJECT_NOMINATION: {
      guard: may(['di_officer', 'dean_office']),
      target: '#incomingCase.rejected',
      actions: outcome('rejected'),
    },
  },
  onDone: 'invitations',
  states: {
    documents: {
      initial: 'incomplete',
      states: {
        incomplete: {
          // The part completed last stamps the application complete, with the moment of its event.
          always: { guard: 'checklistComplete', target: 'complete', actions: 'recordApplicationComplete' },
          on: {
            ATTACH_DOCUMENT: {
              guard: may(['student', 'partner', 'di_officer'], 'documentIsNew', 'documentOnChecklist'),
              actions: ['startDocumentCheck', 'checkDocument'],
            },
            DOCUMENT_CHECKED: { guard: may(['system']), actions: 'recordCheckedDocument' },
          },
        },
        complete: { type: 'final' },
      },
    },
    learningAgreement: {
      initial: 'drafting',
      states: {
        drafting: {
          on: {
            PROPOSE_LEARNING_AGREEMENT: {
              guard: may(['student', 'partner', 'di_officer'], 'coursesInCatalogue'),
              target: 'agreeing',
              actions: 'recordProposal',
            },
          },
        },
        agreeing: {
          always: { guard: 'everySchoolAgreed', target: 'agreed', actions: 'recordApplicationComplete' },
          on: {
            AGREE_LEARNING_AGREEMENT: {
              guard: may(['dean_office'], 'schoolAwaited'),
              actions: 'recordSchoolAgreed',
            },
            PROPOSE_LEARNING_AGREEMENT: {
              guard: may(['student', 'partner', 'di_officer'], 'coursesInCatalogue'),
              target: 'agreeing',
              reenter: true,
              actions: 'recordProposal',
            },
          },
        },
        agreed: { type: 'final' },
      },
    },
  },
});
