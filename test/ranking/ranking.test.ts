import fc from 'fast-check';
import { callPolicyIssues } from '../../domain/call';
import { rankApplicants, type RankingApplicant } from '../../machines/ranking';
import { shippedPolicy } from '../helpers/fixtures';

const CRITERIA = shippedPolicy.mshe.rankingCriteria;

let n = 0;
function applicant(over: Partial<RankingApplicant> = {}): RankingApplicant {
  n += 1;
  return {
    caseId: `outgoing-mshe-europe-2027-s${String(n).padStart(3, '0')}`,
    studentId: `S${n}`,
    fullName: `Student ${n}`,
    gpa: 3,
    english: { cefr: 'B2', ielts: null },
    socialPriority: 0,
    submittedAt: '2026-10-05T10:00:00+05:00',
    ...over,
  };
}
const order = (xs: RankingApplicant[], places: number | null = null) =>
  rankApplicants(xs, CRITERIA, places).map((r) => r.studentId);

describe('the 2022 policy ranks by GPA, then English, then social priority, then submission time', () => {
  test('GPA first, descending', () => {
    const [a, b, c] = [applicant({ gpa: 3.2 }), applicant({ gpa: 3.9 }), applicant({ gpa: 2.5 })];
    expect(order([a!, b!, c!])).toEqual([b!.studentId, a!.studentId, c!.studentId]);
  });

  test.each([
    ['a higher CEFR level', { cefr: 'C1', ielts: null }, { cefr: 'B2', ielts: 8 }],
    ['the same level and a higher IELTS band', { cefr: 'B2', ielts: 7 }, { cefr: 'B2', ielts: 6.5 }],
    ['an IELTS band against none', { cefr: 'B2', ielts: 5.5 }, { cefr: 'B2', ielts: null }],
  ] as const)('on equal GPA, English decides: %s goes first', (_, first, second) => {
    const b = applicant({ english: second });
    const a = applicant({ english: first });
    const ranked = rankApplicants([b, a], CRITERIA, null);
    expect(ranked.map((r) => r.studentId)).toEqual([a.studentId, b.studentId]);
    expect(ranked[0]!.reason).toMatch(/^english: /);
  });

  test('then the social-priority documents, then the earlier submission, then the case id', () => {
    const late = applicant({ submittedAt: '2026-10-06T09:00:00+05:00' });
    const early = applicant({ submittedAt: '2026-10-05T09:00:00+05:00' });
    const priority = applicant({ socialPriority: 1, submittedAt: '2026-10-07T09:00:00+05:00' });
    const twin = { ...early, caseId: `${early.caseId}-b`, studentId: 'TWIN' };
    const ranked = rankApplicants([late, twin, early, priority], CRITERIA, null);
    expect(ranked.map((r) => r.studentId)).toEqual([
      priority.studentId,
      early.studentId,
      'TWIN',
      late.studentId,
    ]);
    expect(ranked.map((r) => r.reason)).toEqual([
      'social_priority: 1 social-priority document(s), ahead of 0 social-priority document(s) (rank 2)',
      'equal to rank 3 on every criterion; ordered by case id',
      'submitted_at: submitted 2026-10-05T09:00:00+05:00, ahead of submitted 2026-10-06T09:00:00+05:00 (rank 4)',
      'last of the eligible applicants',
    ]);
  });

  test('a different order of criteria in the policy gives a different ranking', () => {
    const strong = applicant({ gpa: 3.9, submittedAt: '2026-10-09T09:00:00+05:00' });
    const first = applicant({ gpa: 2.6, submittedAt: '2026-10-01T09:00:00+05:00' });
    expect(rankApplicants([strong, first], ['submitted_at', 'gpa'], null).map((r) => r.studentId)).toEqual([
      first.studentId,
      strong.studentId,
    ]);
  });

  test.each([
    [2, [true, true, false]],
    [3, [true, true, true]],
    [0, [false, false, false]],
    [null, [null, null, null]],
  ] as const)('%s place(s): within places %j', (places, within) => {
    const xs = [applicant({ gpa: 3.5 }), applicant({ gpa: 3.4 }), applicant({ gpa: 3.3 })];
    expect(rankApplicants(xs, CRITERIA, places).map((r) => r.withinPlaces)).toEqual(within);
  });

  test('a lone applicant is explained as such', () => {
    expect(rankApplicants([applicant()], CRITERIA, 8)).toMatchObject([
      { rank: 1, withinPlaces: true, reason: 'the only eligible applicant' },
    ]);
  });

  test('the ranking is a permutation with ranks 1..n, and GPA never increases down the list', () => {
    const arb = fc.array(
      fc.record({
        gpa: fc.integer({ min: 250, max: 400 }).map((g) => g / 100),
        socialPriority: fc.integer({ min: 0, max: 2 }),
        day: fc.integer({ min: 1, max: 25 }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const xs = rows.map((r) =>
          applicant({
            gpa: r.gpa,
            socialPriority: r.socialPriority,
            submittedAt: `2026-09-${String(r.day).padStart(2, '0')}T12:00:00+05:00`,
          }),
        );
        const ranked = rankApplicants(xs, CRITERIA, 8);
        expect(ranked.map((r) => r.rank)).toEqual(xs.map((_, i) => i + 1));
        expect(new Set(ranked.map((r) => r.caseId))).toEqual(new Set(xs.map((x) => x.caseId)));
        ranked.slice(1).forEach((r, i) => expect(r.gpa).toBeLessThanOrEqual(ranked[i]!.gpa));
      }),
    );
  });
});

describe('a call against the policy', () => {
  const window = { opensAt: '2026-10-01T00:00:00+05:00', closesAt: '2026-10-20T23:59:59+05:00' };
  const rows: [string, Parameters<typeof callPolicyIssues>[0], string[]][] = [
    ['an MSHE call with its dates and region', { track: 'mshe', window, region: 'europe' }, []],
    ['an MSHE call without dates', { track: 'mshe', region: 'europe' }, ['window']],
    ['an MSHE call without a region', { track: 'mshe', window }, ['region']],
    ['an MSHE call for a region the policy lacks', { track: 'mshe', window, region: 'mars' }, ['region']],
    ['an Erasmus+ call with dates and schools', { track: 'erasmus', window, schools: ['SITE'] }, []],
    ['an Erasmus+ call without schools', { track: 'erasmus', window }, ['schools']],
    [
      'an Erasmus+ call with a region',
      { track: 'erasmus', window, schools: ['BS'], region: 'europe' },
      ['region'],
    ],
    ['a self-funded call', { track: 'self_funded' }, []],
    ['a self-funded call with its own dates', { track: 'self_funded', window }, ['window']],
    ['a self-funded call with schools', { track: 'self_funded', schools: ['SITE'] }, ['schools']],
  ];
  test.each(rows)('%s: problems at %j', (_, call, paths) => {
    expect(callPolicyIssues(call, shippedPolicy).map((i) => i.path)).toEqual(paths);
  });
});
