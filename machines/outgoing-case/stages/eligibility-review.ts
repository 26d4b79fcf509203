import { not } from 'xstate';
import { announce } from '../announcements';
import { may, notify, outgoingCaseSetup } from '../setup';

const system = may(['system']);
const reassess = [
  'recordStudentRecord',
  'assessEligibility',
  notify('eligibilityAssessed', 'student'),
] as const;

/**
 * The applicant (the registrar's record, English evidence, the audition) and the documents (against the
 * track's checklist) are reviewed side by side; DI confirms once both pass.
 */
export const eligibilityReview = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Eligibility review' },
  type: 'parallel',
  states: {
    eligibility: {
      initial: 'readingRecord',
      states: {
        readingRecord: {
          entry: 'readStudentRecord',
          on: {
            STUDENT_RECORD_READ: { guard: system, target: 'assessed', actions: [...reassess] },
            STUDENT_RECORD_UNAVAILABLE: {
              guard: system,
              target: 'recordUnavailable',
              actions: 'recordRecordProblem',
            },
          },
        },
        recordUnavailable: {
          on: { REEVALUATE_ELIGIBILITY: { guard: may(['di_officer']), target: 'readingRecord' } },
        },
        assessed: {
          on: {
            REEVALUATE_ELIGIBILITY: {
              guard: may(['di_officer']),
              target: 'readingRecord',
              actions: 'clearVerdict',
            },
            RECORD_IELTS: { guard: may(['di_officer']), actions: ['recordIelts', 'assessEligibility'] },
            REGISTER_FOR_AUDITION: {
              guard: may(['student', 'di_officer'], 'auditionOpen'),
              target: 'audition',
              actions: announce('auditionRegistered', 'student'),
            },
          },
        },
        audition: {
          // An IELTS certificate accepted meanwhile makes the audition moot.
          always: { guard: 'englishShownOtherwise', target: 'assessed' },
          on: {
            RECORD_AUDITION_PASSED: {
              guard: may(['snss']),
              target: 'assessed',
              actions: ['recordAuditionPassed', 'assessEligibility', announce('auditionPassed', 'student')],
            },
            RECORD_AUDITION_FAILED: {
              guard: may(['snss']),
              target: '#outgoingCase.rejected',
              actions: [
                'recordAuditionFailed',
                'assessEligibility',
                { type: 'recordOutcome', params: { kind: 'rejected' } },
              ],
            },
          },
        },
      },
    },
    documents: {
      initial: 'incomplete',
      states: {
        incomplete: { always: { guard: 'checklistComplete', target: 'complete' } },
        complete: { always: { guard: not('checklistComplete'), target: 'incomplete' } },
      },
      on: {
        ATTACH_DOCUMENT: {
          guard: may(['student', 'di_officer'], 'documentIsNew', 'documentOnChecklist'),
          actions: ['startDocumentCheck', 'checkDocument'],
        },
        DOCUMENT_CHECKED: [
          {
            guard: may(['system'], 'checkRefused'),
            actions: [
              'recordCheckedDocument',
              'assessEligibility',
              announce('documentRefused', 'student', { fields: 'documentRefusal' }),
            ],
          },
          { guard: system, actions: ['recordCheckedDocument', 'assessEligibility'] },
        ],
        CONFIRM_PAPER_FOLDER: {
          guard: may(['di_officer'], 'paperFolderAwaited'),
          actions: 'recordPaperFolder',
        },
      },
    },
  },
  on: {
    CONFIRM_ELIGIBILITY: {
      guard: may(['di_officer'], 'eligible', 'checklistComplete'),
      target: 'competition',
      actions: ['recordJoinedCall', 'joinCall'],
    },
    REJECT_APPLICATION: {
      guard: may(['di_officer']),
      target: '#outgoingCase.rejected',
      actions: { type: 'recordOutcome', params: { kind: 'rejected' } },
    },
  },
});
