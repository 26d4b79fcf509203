import { refundDeadlineMeta } from './refund';
import { may, notify, outgoingCaseSetup } from '../setup';

/**
 * After return the dean's office recalculates credits, and the case closes; from version 6 once the
 * credit transfer statement is issued as a PDF in the document store.
 */
export const creditRecalculation = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Credit recalculation' },
  on: {
    RECALCULATE_CREDITS: [
      {
        guard: may(['dean_office'], 'creditsStated', 'issuesStatement'),
        target: 'issuingStatement',
        actions: 'recordCredits',
      },
      {
        guard: may(['dean_office'], 'creditsStated'),
        target: 'closed',
        actions: ['recordCredits', notify('creditsRecalculated', 'student')],
      },
    ],
  },
});

export const issuingStatement = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Credit recalculation' },
  entry: 'issueCreditStatement',
  on: {
    CREDIT_STATEMENT_ISSUED: {
      guard: may(['system']),
      target: 'closed',
      actions: ['recordCreditStatement', notify('creditsRecalculated', 'student')],
    },
    // Nothing was issued: the dean's office approves again once the cause is fixed.
    CREDIT_STATEMENT_FAILED: {
      guard: may(['system']),
      target: 'creditRecalculation',
      actions: 'recordCreditStatementProblem',
    },
  },
});

/**
 * Every early end (withdrawn, cancelled, leave refused) passes here once: a grant already paid out is
 * reconciled by finance first, then the case takes the outcome it recorded.
 */
export const ending = outgoingCaseSetup.createStateConfig({
  always: [
    { guard: 'fundsOwed', target: 'fundsReconciliation', actions: notify('fundsToReconcile', 'finance') },
    { guard: { type: 'outcomeIs', params: { kind: 'withdrawn' } }, target: 'withdrawn' },
    { guard: { type: 'outcomeIs', params: { kind: 'rejected' } }, target: 'rejected' },
    { target: 'cancelled' },
  ],
});

export const fundsReconciliation = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Funds reconciliation' },
  on: {
    RECONCILE_FUNDS: {
      guard: may(['finance'], 'spendReported'),
      target: 'fundsSettling',
      actions: 'recordGrantStatement',
    },
  },
});

/** Version 4: the spend is reconciled per category, and an unspent allowance refunded before the end. */
export const fundsSettling = outgoingCaseSetup.createStateConfig({
  always: [
    { guard: 'refundOwed', target: 'fundsRefundDue', actions: notify('refundDue', 'student') },
    { target: 'ending', actions: 'recordFundsReconciled' },
  ],
});

export const fundsRefundDue = outgoingCaseSetup.createStateConfig({
  meta: { stage: 'Funds reconciliation', ...refundDeadlineMeta },
  on: {
    CONFIRM_REFUND: {
      guard: may(['finance']),
      target: 'ending',
      actions: ['recordRefundConfirmed', 'recordFundsReconciled'],
    },
  },
});

export const rejected = outgoingCaseSetup.createStateConfig({
  type: 'final',
  meta: { stage: 'Rejected' },
  entry: notify('applicationRejected', 'student'),
});
