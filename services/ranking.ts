import type { CaseView } from '../domain/case-view';
import type { Policy } from '../domain/policy';
import type { StudentRecord } from '../domain/student-record';
import type { CaseDocument, OutgoingCaseContext } from '../machines/outgoing-case/context';
import { rankApplicants, type RankedApplicant, type RankingApplicant } from '../machines/ranking';
import type { CallRegistry } from '../client/calls';
import { CaseError } from '../client/errors';

export interface CallRanking {
  callId: string;
  criteria: Policy['mshe']['rankingCriteria'];
  places: number | null;
  policyVersion: string;
  applicants: RankedApplicant[];
}

interface Cases {
  list(filter: unknown): Promise<{ caseId: string }[]>;
  get(caseId: string): Promise<CaseView>;
}

/** What the ranking reads of a case in competition: its record, English evidence and documents. */
export function applicantOf(view: CaseView): RankingApplicant {
  const c = view.context as unknown as OutgoingCaseContext;
  // A case reaches competition only with a record read and a submission time.
  if (!c.record || !c.appliedAt) throw new Error(`case ${view.caseId} is in competition without a record`);
  const record: StudentRecord = c.record;
  return {
    caseId: view.caseId,
    studentId: c.student.id,
    fullName: c.student.fullName,
    gpa: record.gpa,
    english: { cefr: record.englishOnTranscript, ielts: c.english.ielts?.score ?? null },
    socialPriority: (c.documents as CaseDocument[]).filter(
      (d) => d.verdict.accepted && d.verdict.kind === 'social_priority',
    ).length,
    submittedAt: c.appliedAt,
  };
}

/**
 * The call's eligible applicants (its cases in competition) in the order of the policy's ranking
 * criteria, each with its rank and reason; for an MSHE call, whether it falls within the region's places.
 * Advisory: DI still selects each student, and the ranking shows who is within the places.
 */
export async function rankCall(
  cases: Cases,
  calls: CallRegistry,
  policy: Policy,
  callId: string,
): Promise<CallRanking> {
  const call = await calls.get(callId);
  if (!call) throw new CaseError('notFound', `no call ${callId}`);
  const region = policy.mshe.regions.find((r) => r.id === call.region);
  const inCompetition = await cases.list({ callId, stage: 'competition', limit: 1000 });
  const views = await Promise.all(inCompetition.map((s) => cases.get(s.caseId)));
  const criteria = policy.mshe.rankingCriteria;
  const places = region?.places ?? null;
  return {
    callId,
    criteria,
    places,
    policyVersion: policy.version,
    applicants: rankApplicants(views.map(applicantOf), criteria, places),
  };
}
