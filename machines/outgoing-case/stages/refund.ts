import type { StateMeta } from '../context';

/**
 * Version 6: unspent MSHE allowances are refunded within the policy's `refundDays`; the student is reminded
 * before, and finance is told once the refund is overdue. The same deadline whether the refund follows the
 * financial report on return or a funds reconciliation at the case's end.
 */
export const refundDeadlineMeta = {
  deadline: {
    id: 'refund',
    timing: 'refundDays',
    responsible: 'student',
    what: 'the refund of unspent grant funds',
    escalation: { to: 'finance', template: 'refundOverdue' },
    since: 6,
  },
} satisfies StateMeta;
