import type { FundingTrack } from '../../domain/case';
import type { EligibilityFacts } from '../../domain/eligibility';
import { bachelor, evaluate, failed, ruleOf, TRACKS } from './support';

const each = <T extends unknown[]>(rows: T[]) =>
  TRACKS.flatMap((track) => rows.map((r) => [track, ...r] as [FundingTrack, ...T]));

describe('GPA, every track', () => {
  test.each(
    each<[number, boolean]>([
      [2.49, false],
      [2.5, true],
      [4.0, true],
      [0, false],
    ]),
  )('%s, GPA %d: passes %s', (track, gpa, ok) => {
    const v = evaluate({ track, facts: { ...bachelor, gpa } });
    expect(ruleOf(v, 'gpa')).toMatchObject({ passed: ok, seen: gpa, threshold: 2.5 });
    expect(failed(v)).toEqual(ok ? [] : ['gpa']);
  });
});

/** No English on the transcript: only the IELTS certificate or the audition can carry the rule. */
const noTranscript = (over: Partial<EligibilityFacts>): EligibilityFacts => ({
  ...bachelor,
  englishOnTranscript: null,
  ...over,
});

describe('English on the transcript, every track', () => {
  test.each(
    each([
      ['B1', false],
      ['B2', true],
      ['C1', true],
      ['C2', true],
      [null, false],
    ] as const),
  )('%s, transcript %s: passes %s', (track, level, ok) => {
    const v = evaluate({ track, facts: { ...bachelor, englishOnTranscript: level } });
    expect(ruleOf(v, 'english')).toMatchObject({
      passed: ok,
      seen: { transcript: level },
      threshold: { minCefr: 'B2', minIelts: 5.5, ieltsValidityYears: 2 },
    });
    expect(v.eligible).toBe(ok);
  });
});

describe('IELTS: score and validity on the application date (2026-09-10 in Almaty), every track', () => {
  const rows = each([
    ['5.0, taken last year', 5.0, '2025-11-01', false],
    ['5.5, taken last year', 5.5, '2025-11-01', true],
    ['7.0, taken last year', 7.0, '2025-11-01', true],
    ['5.5, valid to the day (2 years ago today)', 5.5, '2024-09-10', true],
    ['5.5, expired yesterday', 5.5, '2024-09-09', false],
    ['5.5, expired long ago', 5.5, '2020-01-15', false],
    ['5.5, dated after the application', 5.5, '2026-09-11', false],
  ] as const);
  test.each(rows)('%s: %s → passes %s', (track, _name, score, testDate, ok) => {
    const v = evaluate({ track, facts: noTranscript({ ielts: { score, testDate } }) });
    expect(ruleOf(v, 'english')).toMatchObject({
      passed: ok,
      seen: { transcript: null, ielts: { score, testDate } },
    });
    expect(v.eligible).toBe(ok);
  });

  test('validity is judged on the Almaty date: 20:30 UTC on 10 September is already the 11th there', () => {
    const facts = noTranscript({ ielts: { score: 6, testDate: '2024-09-10' } });
    expect(ruleOf(evaluate({ track: 'mshe', facts, at: '2026-09-10T18:59:59Z' }), 'english').passed).toBe(
      true,
    );
    const late = ruleOf(evaluate({ track: 'mshe', facts, at: '2026-09-10T19:00:00Z' }), 'english');
    expect(late).toMatchObject({
      passed: false,
      seen: { ielts: { validUntil: '2026-09-10', valid: false } },
    });
    expect(late.message).toContain('IELTS expired on 2026-09-10');
  });

  test('a certificate from 29 February is valid until 28 February two years on', () => {
    const facts = noTranscript({ ielts: { score: 6, testDate: '2024-02-29' } });
    const at = (d: string) => `${d}T12:00:00+05:00`;
    const call = { opensAt: '2026-01-01T00:00:00+05:00', closesAt: '2026-12-31T23:59:59+05:00' };
    const v = (d: string) =>
      evaluate({
        track: 'mshe',
        facts,
        at: at(d),
        call: { id: 'call-mshe-x', track: 'mshe', mobilitySemester: '2027-spring', window: call },
      });
    expect(ruleOf(v('2026-02-28'), 'english').passed).toBe(true);
    expect(ruleOf(v('2026-03-01'), 'english').passed).toBe(false);
  });
});

describe('the English audition: self-funded and Erasmus+ only', () => {
  const rows: [FundingTrack, boolean | null, boolean, string][] = [
    ['self_funded', true, true, 'passed'],
    ['self_funded', false, false, 'failed'],
    ['self_funded', null, false, 'may_register'],
    ['erasmus', true, true, 'passed'],
    ['erasmus', false, false, 'failed'],
    ['erasmus', null, false, 'may_register'],
    ['mshe', true, false, 'not_offered'],
    ['mshe', false, false, 'not_offered'],
    ['mshe', null, false, 'not_offered'],
  ];
  test.each(rows)(
    '%s, audition passed %s: english passes %s, audition %s',
    (track, auditionPassed, ok, status) => {
      const v = evaluate({ track, facts: noTranscript({ englishOnTranscript: 'B1', auditionPassed }) });
      expect(ruleOf(v, 'english')).toMatchObject({
        passed: ok,
        seen: { auditionPassed },
        threshold: { auditionAllowed: track !== 'mshe' },
      });
      expect(v.audition).toBe(status);
      expect(v.eligible).toBe(ok);
    },
  );

  test('evidence on file makes the audition unnecessary', () => {
    expect(evaluate({ track: 'self_funded' }).audition).toBe('not_needed');
    expect(
      evaluate({ track: 'mshe', facts: noTranscript({ ielts: { score: 6, testDate: '2026-01-10' } }) })
        .audition,
    ).toBe('not_needed');
  });

  test('the explanation says what is missing and what the student may do', () => {
    const sf = ruleOf(
      evaluate({
        track: 'self_funded',
        facts: noTranscript({ ielts: { score: 5, testDate: '2026-01-10' } }),
      }),
      'english',
    );
    expect(sf.message).toBe(
      'no B2 or higher on the transcript; IELTS 5 is below 5.5; may register for the English audition',
    );
    const mshe = ruleOf(
      evaluate({ track: 'mshe', facts: noTranscript({ auditionPassed: true }) }),
      'english',
    );
    expect(mshe.message).toBe(
      'no B2 or higher on the transcript; no IELTS certificate; the audition does not count on this track',
    );
  });
});

describe('debts, every track', () => {
  test.each(
    each([
      [0, 0, []],
      [1, 0, ['academic_debts']],
      [0, 1, ['financial_debts']],
      [2, 3, ['academic_debts', 'financial_debts']],
    ] as const),
  )('%s, %i academic and %i financial: fails %j', (track, academicDebts, financialDebts, fails) => {
    const v = evaluate({ track, facts: { ...bachelor, academicDebts, financialDebts } });
    expect(failed(v)).toEqual(fails);
    expect(ruleOf(v, 'academic_debts')).toMatchObject({ seen: academicDebts, threshold: 0 });
    expect(ruleOf(v, 'financial_debts')).toMatchObject({ seen: financialDebts, threshold: 0 });
    expect(v.eligible).toBe(fails.length === 0);
  });
});
