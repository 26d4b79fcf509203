import { instantMs } from '../domain/calendar';
import type { RankingCriterion } from '../domain/policy';
import type { CefrLevel } from '../domain/student-record';

/** What the ranking reads of an eligible applicant, taken from the case. */
export interface RankingApplicant {
  caseId: string;
  studentId: string;
  fullName: string;
  gpa: number;
  english: { cefr: CefrLevel | null; ielts: number | null };
  /** Accepted documents confirming a large family, the absence of parents or a disability. */
  socialPriority: number;
  submittedAt: string;
}

export interface RankedApplicant extends RankingApplicant {
  rank: number;
  /** Within the call's places (MSHE: the region's), or null where the call has no count of places. */
  withinPlaces: boolean | null;
  /** Why this applicant is above the next one: the first criterion that tells them apart. */
  reason: string;
}

const CEFR: readonly CefrLevel[] = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const cefrRank = (a: RankingApplicant) => (a.english.cefr ? CEFR.indexOf(a.english.cefr) : -1);

/** Each criterion as an order (negative: `a` first) and as the words that explain it. */
const CRITERIA: Record<
  RankingCriterion,
  { order: (a: RankingApplicant, b: RankingApplicant) => number; say: (a: RankingApplicant) => string }
> = {
  gpa: { order: (a, b) => b.gpa - a.gpa, say: (a) => `GPA ${a.gpa}` },
  english: {
    order: (a, b) => cefrRank(b) - cefrRank(a) || (b.english.ielts ?? -1) - (a.english.ielts ?? -1),
    say: (a) =>
      [
        a.english.cefr ? `${a.english.cefr} on the transcript` : 'no level on the transcript',
        ...(a.english.ielts !== null ? [`IELTS ${a.english.ielts}`] : []),
      ].join(', '),
  },
  social_priority: {
    order: (a, b) => b.socialPriority - a.socialPriority,
    say: (a) => `${a.socialPriority} social-priority document(s)`,
  },
  submitted_at: {
    order: (a, b) => instantMs(a.submittedAt) - instantMs(b.submittedAt),
    say: (a) => `submitted ${a.submittedAt}`,
  },
};

/**
 * The policy's ranking of a call's eligible applicants: by each criterion in turn (GPA descending,
 * English, social priority, submission time in the 2022 policy), then by case id so that the order is
 * total. Each result carries its rank, whether it falls within the places, and the reason.
 */
export function rankApplicants(
  applicants: readonly RankingApplicant[],
  criteria: readonly RankingCriterion[],
  places: number | null,
): RankedApplicant[] {
  const decisive = (a: RankingApplicant, b: RankingApplicant) =>
    criteria.find((c) => CRITERIA[c].order(a, b) !== 0);
  const sorted = [...applicants].sort((a, b) => {
    const c = decisive(a, b);
    return c ? CRITERIA[c].order(a, b) : a.caseId.localeCompare(b.caseId);
  });
  return sorted.map((a, i) => {
    const next = sorted[i + 1];
    let reason: string;
    if (!next) reason = i === 0 ? 'the only eligible applicant' : 'last of the eligible applicants';
    else {
      const c = decisive(a, next);
      reason = c
        ? `${c}: ${CRITERIA[c].say(a)}, ahead of ${CRITERIA[c].say(next)} (rank ${i + 2})`
        : `equal to rank ${i + 2} on every criterion; ordered by case id`;
    }
    return { ...a, rank: i + 1, withinPlaces: places === null ? null : i < places, reason };
  });
}
