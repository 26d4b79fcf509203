import { assessed, failedRules as failed, recordFor, submitted as submittedFor } from './paths';
import { attach, ev, notifications, recordRead, region, rolesAccepting, run, step, stateOf } from './support';

/** The English requirement of the eligibility region: an IELTS result staff record, and the SNSS audition. */

describe('English evidence: IELTS and the audition', () => {
  // The application date is 2026-09-10; a certificate is valid two years from its test date, both ends included.
  const ieltsCases = (['self_funded', 'mshe'] as const).flatMap((track) =>
    (
      [
        [5.5, '2026-03-14', true],
        [5, '2026-03-14', false],
        [6, '2026-09-10', true],
        [6, '2026-09-11', false],
        [6, '2024-09-10', true],
        [6, '2024-09-09', false],
      ] as const
    ).map(([score, testDate, eligible]) => [track, score, testDate, eligible] as const),
  );
  test.each(ieltsCases)(
    '%s: IELTS %d taken %s makes the applicant eligible: %s',
    (track, score, testDate, eligible) => {
      const before = assessed(track, 'noEnglish');
      expect(failed(before)).toEqual(['english']);
      const snap = run(before, [ev('RECORD_IELTS', 'di_officer', { score, testDate })]);
      expect(region(snap, 'eligibility')).toBe('assessed');
      expect(snap.context.english.ielts).toEqual({ score, testDate });
      expect(snap.context.eligibility).toMatchObject({
        eligible,
        englishEvidence: eligible ? 'ielts' : null,
      });
      const audition = track === 'mshe' ? 'not_offered' : 'may_register';
      expect(snap.context.eligibility?.audition).toBe(eligible ? 'not_needed' : audition);
    },
  );

  const auditionCases = (['self_funded', 'erasmus', 'mshe'] as const).flatMap((track) =>
    (['transcript', 'noEnglish'] as const).map((profile) => [track, profile] as const),
  );
  test.each(auditionCases)(
    '%s with a %s record: the audition is open only without evidence',
    (track, profile) => {
      const snap = assessed(track, profile);
      const open = track !== 'mshe' && profile === 'noEnglish';
      expect(snap.context.eligibility?.audition).toBe(
        profile === 'transcript' ? 'not_needed' : open ? 'may_register' : 'not_offered',
      );
      expect(rolesAccepting(snap, 'REGISTER_FOR_AUDITION')).toEqual(open ? ['student', 'di_officer'] : []);
      if (open) {
        const withIelts = run(snap, [ev('RECORD_IELTS', 'di_officer')]);
        expect(rolesAccepting(withIelts, 'REGISTER_FOR_AUDITION')).toEqual([]);
      }
    },
  );

  test.each(['student', 'di_officer'] as const)(
    'registered by %s, the audition awaits SNSS alone',
    (role) => {
      const snap = run(assessed('erasmus', 'noEnglish'), [ev('REGISTER_FOR_AUDITION', role)]);
      expect(region(snap, 'eligibility')).toBe('audition');
      expect(rolesAccepting(snap, 'RECORD_AUDITION_PASSED')).toEqual(['snss']);
      expect(rolesAccepting(snap, 'RECORD_AUDITION_FAILED')).toEqual(['snss']);
      for (const type of ['REEVALUATE_ELIGIBILITY', 'RECORD_IELTS', 'CONFIRM_ELIGIBILITY'] as const)
        expect(rolesAccepting(snap, type)).toEqual([]);
    },
  );

  test('a passed audition is English evidence: back to assessed and eligible', () => {
    const snap = run(assessed('self_funded', 'noEnglish'), [
      ev('REGISTER_FOR_AUDITION', 'student'),
      ev('RECORD_AUDITION_PASSED', 'snss'),
    ]);
    expect(region(snap, 'eligibility')).toBe('assessed');
    expect(snap.context.english.auditionPassed).toBe(true);
    expect(snap.context.eligibility).toMatchObject({
      eligible: true,
      audition: 'passed',
      englishEvidence: 'audition',
    });
    expect(rolesAccepting(snap, 'REGISTER_FOR_AUDITION')).toEqual([]);
  });

  test('a passed audition outlives a re-read of the record', () => {
    const snap = run(assessed('erasmus', 'noEnglish'), [
      ev('REGISTER_FOR_AUDITION', 'di_officer'),
      ev('RECORD_AUDITION_PASSED', 'snss'),
      ev('REEVALUATE_ELIGIBILITY', 'di_officer'),
      recordRead(recordFor('state_grant', 'noEnglish')),
    ]);
    expect(snap.context.eligibility).toMatchObject({ eligible: true, englishEvidence: 'audition' });
  });

  test('a failed audition rejects the application with the reason', () => {
    const snap = run(assessed('erasmus', 'noEnglish'), [ev('REGISTER_FOR_AUDITION', 'student')]);
    const [next, actions] = step(snap, ev('RECORD_AUDITION_FAILED', 'snss', { reason: 'audition below B2' }));
    expect(stateOf(next)).toBe('rejected');
    expect(next.status).toBe('done');
    expect(next.context.english.auditionPassed).toBe(false);
    expect(next.context.eligibility).toMatchObject({ eligible: false, audition: 'failed' });
    expect(next.context.outcome).toEqual({
      kind: 'rejected',
      reason: 'audition below B2',
      by: { id: 'snss-1', role: 'snss' },
    });
    expect(notifications(actions)).toEqual([{ template: 'applicationRejected', to: 'student' }]);
  });
});

describe('English evidence that arrives during the audition', () => {
  // The IELTS certificate is an upload, which the documents region takes in any eligibility state.
  const inAudition = () =>
    run(assessed('self_funded', 'noEnglish'), [
      ev('REGISTER_FOR_AUDITION', 'student'),
      attach('ielts_certificate', { ielts: { score: 7, testDate: '2026-05-02' } }),
    ]);

  test('an accepted IELTS certificate makes the audition moot: back to assessed, eligible', () => {
    const snap = inAudition();
    expect(region(snap, 'eligibility')).toBe('assessed');
    expect(snap.context.eligibility).toMatchObject({ eligible: true, englishEvidence: 'ielts' });
    expect(rolesAccepting(snap, 'RECORD_AUDITION_FAILED')).toEqual([]);
    expect(rolesAccepting(snap, 'REEVALUATE_ELIGIBILITY')).toEqual(['di_officer']);
  });

  test('a refused IELTS certificate leaves the applicant in the audition', () => {
    const snap = run(assessed('self_funded', 'noEnglish'), [
      ev('REGISTER_FOR_AUDITION', 'student'),
      attach('ielts_certificate', { accepted: false }),
    ]);
    expect(region(snap, 'eligibility')).toBe('audition');
    expect(rolesAccepting(snap, 'RECORD_AUDITION_FAILED')).toEqual(['snss']);
  });
});

describe('the audition is offered only where English alone stands in the way', () => {
  test.each([
    ['GPA 2.0', { gpa: 2 }, ['gpa', 'english']],
    ['an academic debt', { academicDebts: 1 }, ['english', 'academic_debts']],
    ['year 1', { yearOfStudy: 1, semesterOfStudy: 1 }, ['year_of_study', 'mobility_semester', 'english']],
  ] as const)('an applicant with %s may not register', (_, over, failing) => {
    const snap = run(submittedFor('erasmus'), [recordRead(recordFor('state_grant', 'noEnglish', over))]);
    expect(failed(snap)).toEqual(failing);
    expect(snap.context.eligibility?.audition).toBe('may_register');
    expect(rolesAccepting(snap, 'REGISTER_FOR_AUDITION')).toEqual([]);
  });
});
