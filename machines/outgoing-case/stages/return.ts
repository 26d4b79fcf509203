import { announce } from '../announcements';
import { extendDeadline, may, notify, outgoingCaseSetup } from '../setup';
import { refundDeadlineMeta } from './refund';
import { stageDocuments } from './stage-documents';

/** Back at KBTU: the return application, the partner's transcript and, for grants, the financial report. */
export const returnStage = outgoingCaseSetup.createStateConfig({
  meta: {
    stage: 'Return',
    deadline: {
      id: 'returnDocuments',
      timing: 'returnDocumentsDays',
      responsible: 'student',
      what: 'the return documents',
      escalation: { to: 'di_officer', template: 'returnDocumentsOverdue' },
    },
  },
  type: 'parallel',
  entry: announce('returnPapersDue', 'student', { fields: 'returnPapers', dueOf: 'returnDocuments' }),
  onDone: '#outgoingCase.creditRecalculation',
  on: { EXTEND_DEADLINE: extendDeadline('returnDocuments') },
  states: {
    returnApplication: {
      initial: 'pending',
      states: {
        pending: {
          on: { SUBMIT_RETURN_APPLICATION: { guard: may(['student', 'di_officer']), target: 'received' } },
        },
        received: { type: 'final' },
      },
    },
    partnerTranscript: {
      initial: 'pending',
      states: {
        pending: {
          on: {
            RECORD_PARTNER_TRANSCRIPT: {
              guard: may(['di_officer', 'partner'], 'transcriptGrades'),
              target: 'received',
              actions: 'recordTranscript',
            },
            PARTNER_DOCUMENT_RECEIVED: [
              // Version 6: the document is on record; the return waits for its grades.
              { guard: may(['partner'], 'partnerTranscript', 'transcriptDocumentOnly') },
              { guard: may(['partner'], 'partnerTranscript'), target: 'received' },
            ],
          },
        },
        received: { type: 'final' },
      },
    },
    financialReport: {
      initial: 'deciding',
      states: {
        deciding: { always: [{ guard: 'grantFunded', target: 'pending' }, { target: 'notRequired' }] },
        pending: {
          on: {
            ACCEPT_FINANCIAL_REPORT: {
              guard: may(['finance'], 'spendReported', 'receiptsHeld'),
              target: 'settling',
              actions: 'recordGrantStatement',
            },
            ...stageDocuments(['student', 'finance'], 'financialDocument'),
          },
        },
        // Version 4: unspent allowances are refunded before the case moves on; older cases pass through.
        settling: {
          always: [
            { guard: 'refundOwed', target: 'refundDue', actions: notify('refundDue', 'student') },
            { target: 'accepted' },
          ],
        },
        refundDue: {
          meta: refundDeadlineMeta,
          on: {
            CONFIRM_REFUND: { guard: may(['finance']), target: 'accepted', actions: 'recordRefundConfirmed' },
          },
        },
        accepted: { type: 'final' },
        notRequired: { type: 'final' },
      },
    },
  },
});
