import type { ApplicantResult } from '../domain/call-applicant';
import type { CallRanking, CallRegistry } from '../client/calls';

export type { CallRanking };

const CSV_COLUMNS = [
  'rank',
  'student_id',
  'full_name',
  'result',
  'place',
  'waitlist_position',
  'reason',
  'rank_reason',
  'allowance_total_kzt',
] as const;

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const allowanceTotal = (r: ApplicantResult) =>
  r.allowances
    ? r.allowances.flight + r.allowances.accommodation + r.allowances.insurance + r.allowances.visa
    : null;

/** A call's results as CSV: one row per applicant, best rank first, the reasons in words. */
export function rankingCsv(ranking: CallRanking): string {
  const rows = ranking.results.map((r) =>
    [
      r.rank,
      r.studentId,
      r.fullName,
      r.outcome,
      r.placeName,
      r.waitlistPosition,
      r.reason,
      r.rankReason,
      allowanceTotal(r),
    ]
      .map(cell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

/**
 * The ranking of a call, exact: read from the call's workflow, which holds every applicant that joined
 * and the results it proposed or published (no visibility index, no per-case queries).
 */
export function rankCall(calls: CallRegistry, callId: string): Promise<CallRanking> {
  return calls.ranking(callId);
}
