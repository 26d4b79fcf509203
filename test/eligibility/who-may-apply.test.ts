import type { FundingTrack } from '../../domain/case';
import { AT, bachelor, callFor, evaluate, failed, master, ruleOf, TRACKS } from './support';

/** A bachelor in year `year`, in its fall semester (the September window), on the basis the track needs. */
const inYear = (year: number, track: FundingTrack) => ({
  ...bachelor,
  yearOfStudy: year,
  semesterOfStudy: 2 * year - 1,
  studyBasis: track === 'mshe' ? ('state_grant' as const) : ('paid' as const),
});

describe('bachelor years 1-4, every track (applying in September for the spring)', () => {
  const rows = TRACKS.flatMap((track) =>
    [
      [1, false, false],
      [2, true, true],
      [3, true, true],
      [4, false, true],
    ].map(
      ([year, yearOk, semesterOk]) =>
        [track, year, yearOk, semesterOk] as [FundingTrack, number, boolean, boolean],
    ),
  );
  test.each(rows)(
    '%s, year %i: year rule %s, mobility semester rule %s',
    (track, year, yearOk, semesterOk) => {
      const v = evaluate({ track, facts: inYear(year, track) });
      expect(ruleOf(v, 'year_of_study')).toMatchObject({ passed: yearOk, seen: year, threshold: [2, 3] });
      expect(ruleOf(v, 'mobility_semester')).toMatchObject({
        passed: semesterOk,
        seen: { mobilitySemester: '2027-spring', studySemesterAtMobility: 2 * year },
        threshold: { fromStudySemester: 4, toStudySemester: 8 },
      });
      expect(v.eligible).toBe(yearOk && semesterOk);
    },
  );
});

describe('master semesters 1-3 (applying in February for the fall)', () => {
  const at = '2027-02-10T12:00:00+05:00';
  const feb = { opensAt: '2027-02-01T00:00:00+05:00', closesAt: '2027-02-28T23:59:59+05:00' };
  const rows: [FundingTrack, number, boolean][] = [
    ['self_funded', 1, false],
    ['self_funded', 2, true],
    ['self_funded', 3, false],
    ['erasmus', 1, false],
    ['erasmus', 2, true],
    ['erasmus', 3, false],
  ];
  test.each(rows)('%s, semester %i: eligible %s', (track, semester, ok) => {
    const call = callFor(track, {
      mobilitySemester: '2027-fall',
      ...(track === 'erasmus' ? { window: feb } : {}),
    });
    const v = evaluate({ track, call, at, facts: { ...master, semesterOfStudy: semester } });
    expect(ruleOf(v, 'master_semester')).toMatchObject({
      passed: semester === 2,
      seen: semester,
      threshold: [2],
    });
    expect(ruleOf(v, 'mobility_semester')).toMatchObject({
      passed: semester + 1 === 3,
      seen: { studySemesterAtMobility: semester + 1 },
      threshold: { fromStudySemester: 3, toStudySemester: 3 },
    });
    expect(v.eligible).toBe(ok);
  });

  test.each([1, 2, 3])('mshe, semester %i: masters may not apply at all', (semester) => {
    const call = callFor('mshe', { mobilitySemester: '2027-fall', window: feb });
    const v = evaluate({
      track: 'mshe',
      call,
      at,
      facts: { ...master, semesterOfStudy: semester, studyBasis: 'state_grant' },
    });
    expect(ruleOf(v, 'degree')).toMatchObject({ passed: false, seen: 'master', threshold: ['bachelor'] });
    expect(v.rules.map((r) => r.id)).not.toContain('master_semester');
    expect(v.eligible).toBe(false);
  });
});

describe("master's direction", () => {
  const at = '2027-02-10T12:00:00+05:00';
  const rows: [FundingTrack, 'scientific_pedagogical' | 'profile' | null, boolean][] = [
    ['self_funded', 'scientific_pedagogical', true],
    ['self_funded', 'profile', false],
    ['self_funded', null, false],
    ['erasmus', 'scientific_pedagogical', true],
    ['erasmus', 'profile', false],
  ];
  test.each(rows)('%s, %s: eligible %s', (track, direction, ok) => {
    const call = callFor(track, {
      mobilitySemester: '2027-fall',
      window: { opensAt: '2027-02-01T00:00:00+05:00', closesAt: '2027-02-25T23:59:59+05:00' },
    });
    const v = evaluate({ track, call, at, facts: { ...master, masterDirection: direction } });
    expect(ruleOf(v, 'master_direction')).toMatchObject({
      passed: ok,
      seen: direction,
      threshold: ['scientific_pedagogical'],
    });
    expect(failed(v)).toEqual(ok ? [] : ['master_direction']);
  });
});

describe('state grant or paid basis, every track', () => {
  const rows: [FundingTrack, 'state_grant' | 'paid', boolean][] = TRACKS.flatMap((track) => [
    [track, 'state_grant', true] as [FundingTrack, 'state_grant', boolean],
    [track, 'paid', track !== 'mshe'] as [FundingTrack, 'paid', boolean],
  ]);
  test.each(rows)('%s, %s: eligible %s', (track, studyBasis, ok) => {
    const v = evaluate({ track, facts: { ...bachelor, studyBasis } });
    expect(v.eligible).toBe(ok);
    if (track === 'mshe') {
      expect(ruleOf(v, 'state_grant')).toMatchObject({
        passed: ok,
        seen: studyBasis,
        threshold: 'state_grant',
      });
    } else {
      expect(v.rules.map((r) => r.id)).not.toContain('state_grant');
    }
  });
});

describe('the semester the mobility may happen in', () => {
  test('a semester already under way is not a future semester', () => {
    const v = evaluate({
      track: 'self_funded',
      call: callFor('self_funded', { mobilitySemester: '2026-fall' }),
    });
    expect(ruleOf(v, 'mobility_semester')).toMatchObject({
      passed: false,
      message: '2026-fall is not a future semester',
    });
  });

  test('a bachelor in year 2 may go from the spring of year 2: semester 4 and later', () => {
    const later = evaluate({
      track: 'self_funded',
      call: callFor('self_funded', { mobilitySemester: '2028-spring' }),
    });
    expect(ruleOf(later, 'mobility_semester')).toMatchObject({
      passed: true,
      seen: { studySemesterAtMobility: 6 },
    });
  });

  test('beyond the last semester of the degree is refused', () => {
    const v = evaluate({
      track: 'self_funded',
      call: callFor('self_funded', { mobilitySemester: '2029-fall' }),
    });
    expect(ruleOf(v, 'mobility_semester')).toMatchObject({
      passed: false,
      seen: { studySemesterAtMobility: 9 },
    });
  });

  test('a master may go only in the fall of year 2', () => {
    const at = '2027-02-10T12:00:00+05:00';
    const spring = evaluate({
      track: 'self_funded',
      at,
      facts: master,
      call: callFor('self_funded', { mobilitySemester: '2028-spring' }),
    });
    expect(ruleOf(spring, 'mobility_semester')).toMatchObject({
      passed: false,
      seen: { studySemesterAtMobility: 4 },
    });
  });
});

describe('the call', () => {
  test.each(TRACKS)('a %s application to another track’s call is refused', (track) => {
    const other = TRACKS.find((t) => t !== track)!;
    const v = evaluate({ track, call: { ...callFor(track), track: other } });
    expect(ruleOf(v, 'call_track')).toMatchObject({ passed: false, seen: other, threshold: track });
  });

  const schools: [string, string[] | undefined, boolean][] = [
    ['SITE', ['SITE', 'BS'], true],
    ['BS', ['SITE', 'BS'], true],
    ['SEOGI', ['SITE', 'BS'], false],
    ['SITE', undefined, false],
    ['SITE', [], false],
  ];
  test.each(schools)('Erasmus+: a student of %s, call for %j: eligible %s', (school, callSchools, ok) => {
    const call = { ...callFor('erasmus'), schools: callSchools };
    const v = evaluate({ track: 'erasmus', call, facts: { ...bachelor, school } });
    expect(ruleOf(v, 'school')).toMatchObject({ passed: ok, seen: school, threshold: callSchools ?? [] });
    expect(v.eligible).toBe(ok);
  });

  test.each(['self_funded', 'mshe'] as const)('%s calls are open to every school', (track) => {
    const v = evaluate({ track, facts: { ...bachelor, school: 'SEOGI' }, at: AT });
    expect(v.rules.map((r) => r.id)).not.toContain('school');
    expect(v.eligible).toBe(true);
  });
});
