import fc from 'fast-check';
import type { FundingTrack } from '../../domain/case';
import type { EligibilityCall, EligibilityFacts } from '../../domain/eligibility';
import { Policy, TrackPolicy } from '../../domain/policy';
import { evaluateEligibility, type EligibilityInput } from '../../machines/eligibility';
import { policy as shipped, TRACKS } from './support';

const CEFR = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
const SCHOOLS = ['SITE', 'BS', 'SEOGI', 'ISE'];
const RUNS = { numRuns: 300 };

const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const isoDay = fc
  .integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2028, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

const facts: fc.Arbitrary<EligibilityFacts> = fc.record({
  degree: fc.constantFrom('bachelor', 'master'),
  yearOfStudy: fc.integer({ min: 1, max: 4 }),
  semesterOfStudy: fc.integer({ min: 1, max: 8 }),
  masterDirection: option(fc.constantFrom('scientific_pedagogical', 'profile')),
  school: fc.constantFrom(...SCHOOLS),
  gpa: fc.integer({ min: 0, max: 400 }).map((n) => n / 100),
  englishOnTranscript: option(fc.constantFrom(...CEFR)),
  studyBasis: fc.constantFrom('state_grant', 'paid'),
  academicDebts: fc.integer({ min: 0, max: 3 }),
  financialDebts: fc.integer({ min: 0, max: 3 }),
  ielts: option(fc.record({ score: fc.integer({ min: 0, max: 18 }).map((n) => n / 2), testDate: isoDay })),
  auditionPassed: option(fc.boolean()),
});

/** A valid track policy with thresholds of its own. */
const trackPolicy: fc.Arbitrary<TrackPolicy> = fc
  .record({
    degrees: fc.subarray(['bachelor', 'master'] as const, { minLength: 1 }),
    bachelorYears: fc.subarray([1, 2, 3, 4], { minLength: 1 }),
    masterSemesters: fc.subarray([1, 2, 3, 4], { minLength: 1 }),
    masterDirections: fc.subarray(['scientific_pedagogical', 'profile'] as const, { minLength: 1 }),
    requiresStateGrant: fc.boolean(),
    minGpa: fc.integer({ min: 0, max: 400 }).map((n) => n / 100),
    minCefr: fc.constantFrom(...CEFR),
    minIelts: fc.integer({ min: 0, max: 18 }).map((n) => n / 2),
    auditionAllowed: fc.boolean(),
    bachelorRange: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 7 })),
    masterRange: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })),
    applicationWindow: fc.constantFrom('policy', 'call'),
    callRestrictedToSchools: fc.boolean(),
  })
  .map((t) => {
    const range = ([from, extra]: [number, number], max: number) => ({
      fromStudySemester: from,
      toStudySemester: Math.min(max, from + extra),
    });
    const bachelors = t.degrees.includes('bachelor');
    const masters = t.degrees.includes('master');
    return TrackPolicy.parse({
      ...shipped.tracks.self_funded,
      whoMayApply: {
        degrees: t.degrees,
        bachelorYears: bachelors ? t.bachelorYears : [],
        masterSemesters: masters ? t.masterSemesters : [],
        masterDirections: masters ? t.masterDirections : [],
        requiresStateGrant: t.requiresStateGrant,
      },
      minGpa: t.minGpa,
      english: { minCefr: t.minCefr, minIelts: t.minIelts },
      auditionAllowed: t.auditionAllowed,
      mobilitySemester: {
        bachelor: bachelors ? range(t.bachelorRange, 8) : null,
        master: masters ? range(t.masterRange, 8) : null,
      },
      applicationWindow: t.applicationWindow,
      callRestrictedToSchools: t.callRestrictedToSchools,
    });
  });

const policy: fc.Arbitrary<Policy> = fc
  .record({ self_funded: trackPolicy, mshe: trackPolicy, erasmus: trackPolicy })
  .map((tracks) => {
    // The document check may not ask for more than any track: it follows the lowest band drawn.
    const minScore = Math.min(...Object.values(tracks).map((t) => t.english.minIelts));
    const documents = { ...shipped.documents, ielts: { ...shipped.documents.ielts, minScore } };
    return Policy.parse({ ...shipped, tracks, documents });
  });

const track = fc.constantFrom<FundingTrack>(...TRACKS);
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) });
const semester = fc
  .tuple(fc.integer({ min: 2025, max: 2029 }), fc.constantFrom('spring', 'fall'))
  .map(([y, h]) => `${y}-${h}`);

const call = (own: FundingTrack): fc.Arbitrary<EligibilityCall> =>
  fc
    .record({
      sameTrack: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      other: track,
      mobilitySemester: semester,
      schools: fc.option(fc.subarray(SCHOOLS), { nil: undefined }),
      window: fc.option(fc.tuple(instant, fc.integer({ min: 0, max: 60 * 86_400_000 })), { nil: undefined }),
    })
    .map((c) => ({
      id: 'call-prop',
      track: c.sameTrack ? own : c.other,
      mobilitySemester: c.mobilitySemester,
      ...(c.schools ? { schools: c.schools } : {}),
      ...(c.window
        ? {
            window: {
              opensAt: new Date(c.window[0]).toISOString(),
              closesAt: new Date(c.window[0] + c.window[1]).toISOString(),
            },
          }
        : {}),
    }));

const input = (policies: fc.Arbitrary<Policy>): fc.Arbitrary<EligibilityInput> =>
  fc
    .tuple(track, facts, instant, policies)
    .chain(([t, f, at, p]) =>
      call(t).map((c) => ({ track: t, facts: f, at: new Date(at).toISOString(), policy: p, call: c })),
    );

describe('eligibility properties (fast-check)', () => {
  test('the verdict is eligible exactly when every rule passes', () => {
    fc.assert(
      fc.property(input(fc.oneof(fc.constant(shipped), policy)), (i) => {
        const v = evaluateEligibility(i);
        expect(v.eligible).toBe(v.rules.every((r) => r.passed));
        expect(v.policyVersion).toBe(i.policy.version);
        expect(new Set(v.rules.map((r) => r.id)).size).toBe(v.rules.length);
        for (const id of [
          'call_track',
          'degree',
          'gpa',
          'english',
          'academic_debts',
          'financial_debts',
          'application_window',
        ]) {
          expect(v.rules.map((r) => r.id)).toContain(id);
        }
        if (v.nextWindow) expect(v.rules.find((r) => r.id === 'application_window')!.passed).toBe(false);
      }),
      RUNS,
    );
  });

  test("no rule is evaluated against another track's threshold: other tracks' policies change nothing", () => {
    fc.assert(
      fc.property(
        input(policy),
        fc.record({ self_funded: trackPolicy, mshe: trackPolicy, erasmus: trackPolicy }),
        (i, others) => {
          const tracks = { ...others, [i.track]: i.policy.tracks[i.track] };
          expect(evaluateEligibility({ ...i, policy: { ...i.policy, tracks } })).toEqual(
            evaluateEligibility(i),
          );
        },
      ),
      RUNS,
    );
  });

  test("every threshold a rule shows is its own track's", () => {
    fc.assert(
      fc.property(input(policy), (i) => {
        const tp = i.policy.tracks[i.track];
        const v = evaluateEligibility(i);
        const threshold = (id: string) => v.rules.find((r) => r.id === id)?.threshold;
        expect(threshold('degree')).toEqual(tp.whoMayApply.degrees);
        expect(threshold('gpa')).toBe(tp.minGpa);
        expect(threshold('english')).toEqual({
          minCefr: tp.english.minCefr,
          minIelts: tp.english.minIelts,
          ieltsValidityYears: i.policy.ieltsValidityYears,
          auditionAllowed: tp.auditionAllowed,
        });
        if (v.rules.some((r) => r.id === 'year_of_study'))
          expect(threshold('year_of_study')).toEqual(tp.whoMayApply.bachelorYears);
        if (v.rules.some((r) => r.id === 'master_semester')) {
          expect(threshold('master_semester')).toEqual(tp.whoMayApply.masterSemesters);
          expect(threshold('master_direction')).toEqual(tp.whoMayApply.masterDirections);
        }
        if (v.rules.some((r) => r.id === 'mobility_semester')) {
          expect(threshold('mobility_semester')).toEqual(tp.mobilitySemester[i.facts.degree]);
        }
        expect(v.rules.some((r) => r.id === 'state_grant')).toBe(
          tp.whoMayApply.requiresStateGrant && tp.whoMayApply.degrees.includes(i.facts.degree),
        );
        expect(v.rules.some((r) => r.id === 'school')).toBe(tp.callRestrictedToSchools);
        expect(threshold('call_track')).toBe(i.track);
      }),
      RUNS,
    );
  });

  test('a better GPA never fails the GPA rule that a worse one passed; a debt never makes an applicant eligible', () => {
    fc.assert(
      fc.property(
        input(policy),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 3 }),
        (i, raise, debts) => {
          const gpa = (v: ReturnType<typeof evaluateEligibility>) =>
            v.rules.find((r) => r.id === 'gpa')!.passed;
          const better = { ...i.facts, gpa: Math.min(4, i.facts.gpa + raise / 100) };
          if (gpa(evaluateEligibility(i)))
            expect(gpa(evaluateEligibility({ ...i, facts: better }))).toBe(true);
          expect(evaluateEligibility({ ...i, facts: { ...i.facts, academicDebts: debts } }).eligible).toBe(
            false,
          );
        },
      ),
      RUNS,
    );
  });
});
