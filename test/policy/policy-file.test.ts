import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trackChecklists } from '../../domain/document-checklist';
import { allowanceTotal, Policy, toCasePolicy } from '../../domain/policy';
import { gradeFor } from '../../domain/grading-scale';
import { Config, loadPolicy } from '../../app/config';

const SHIPPED = resolve(__dirname, '../../policies/2022-2023.json');
const DEFAULT = resolve(__dirname, '../../policies/2026-2027.json');
const raw = () => JSON.parse(readFileSync(SHIPPED, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'policy-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shipped 2022-2023 policy', () => {
  const policy = loadPolicy(SHIPPED);

  test('validates, and a case pins every part its rules read', () => {
    expect(Policy.parse(policy)).toEqual(policy);
    const pinned = toCasePolicy(policy);
    expect(pinned).toMatchObject({
      version: '2022-2023.2',
      timings: {
        invitationLetterDays: 30,
        returnDocumentsDays: 30,
        refundDays: 30,
        reminderDaysBefore: [7, 3, 1],
        escalationWorkingDaysAfter: 2,
      },
      timeZone: 'Asia/Almaty',
      ieltsValidityYears: 2,
      debts: { maxAcademicDebts: 0, maxFinancialDebts: 0 },
      paidBasisPrepaysTuition: true,
    });
    expect(pinned.tracks).toEqual(policy.tracks);
    expect(pinned.applicationWindows).toEqual(policy.applicationWindows);
    // The working calendar is pinned as dates only.
    expect(pinned.holidays).toEqual(policy.holidays.map((h) => h.date));
    expect(pinned.workingWeekendDays).toEqual(['2022-03-05', '2022-08-27', '2022-10-22', '2023-07-01']);
    expect(pinned).not.toHaveProperty('utcOffset');
    // Only the MSHE grant is disbursed before departure and reported on after return.
    expect(Object.entries(policy.tracks).map(([t, p]) => [t, p.grantFunded])).toEqual([
      ['self_funded', false],
      ['mshe', true],
      ['erasmus', false],
    ]);
  });

  test("holds Kazakhstan's days off of 2022 and 2023, moved days off included", () => {
    const dates = policy.holidays.map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2022-01-03', '2022-10-25', '2023-06-28', '2023-12-18']));
    // 17 December (from 2022) and 1 December are no longer days off.
    expect(dates).not.toContain('2022-12-19');
    expect(dates).not.toContain('2022-12-01');
    expect(policy.holidays.find((h) => h.date === '2023-07-07')).toMatchObject({
      transferredFrom: '2023-07-01',
      note: expect.stringMatching(/decree/i),
    });
    expect(new Set(dates.map((d) => d.slice(0, 4)))).toEqual(new Set(['2022', '2023']));
  });

  test('holds the 2022 MSHE allocation, per region and category', () => {
    const regions = policy.mshe.regions.map((r) => [r.id, r.places, allowanceTotal(r.allowances)]);
    expect(regions).toEqual([
      ['europe', 8, 1_283_925],
      ['south-east-asia', 2, 2_061_250],
    ]);
    expect(policy.mshe.regions[0]!.allowances).toEqual({
      flight: 261_375,
      accommodation: 928_200,
      insurance: 53_550,
      visa: 40_800,
    });
    expect(policy.mshe.rankingCriteria).toEqual(['gpa', 'english', 'social_priority', 'submitted_at']);
  });

  test('holds the tracks: who may apply, thresholds, audition, windows, checklists', () => {
    const { self_funded: sf, mshe, erasmus } = policy.tracks;
    expect(sf.whoMayApply).toEqual({
      degrees: ['bachelor', 'master'],
      bachelorYears: [2, 3],
      masterSemesters: [2],
      masterDirections: ['scientific_pedagogical'],
      requiresStateGrant: false,
    });
    expect(mshe.whoMayApply.degrees).toEqual(['bachelor']);
    expect(mshe.whoMayApply.requiresStateGrant).toBe(true);
    expect([sf.auditionAllowed, mshe.auditionAllowed, erasmus.auditionAllowed]).toEqual([true, false, true]);
    for (const t of [sf, mshe, erasmus]) {
      expect(t.minGpa).toBe(2.5);
      expect(t.english).toEqual({ minCefr: 'B2', minIelts: 5.5 });
    }
    expect([sf.applicationWindow, mshe.applicationWindow, erasmus.applicationWindow]).toEqual([
      'policy',
      'call',
      'call',
    ]);
    expect(erasmus.callRestrictedToSchools).toBe(true);
    expect(mshe.requiredDocuments.find((d) => d.id === 'paper_folder')?.staffConfirmation).toBe(true);
    expect(trackChecklists(policy).self_funded).toEqual(trackChecklists(policy).erasmus);
    expect(policy.ieltsValidityYears).toBe(2);
    expect(policy.debts).toEqual({ maxAcademicDebts: 0, maxFinancialDebts: 0 });
  });

  test('holds the KBTU grading scale, covering 0-100', () => {
    expect(policy.gradingScale.map((b) => b.letter).join(' ')).toBe('A A- B+ B B- C+ C C- D+ D FX F');
    expect(
      [0, 24, 25, 49, 50, 84, 85, 94, 95, 100].map((p) => gradeFor(policy.gradingScale, p)?.letter),
    ).toEqual(['F', 'F', 'FX', 'FX', 'D', 'B', 'B+', 'A-', 'A', 'A']);
  });
});

describe('the 2026-2027 policy, the default for new cases', () => {
  const policy = loadPolicy(DEFAULT);
  const old = loadPolicy(SHIPPED);

  test('is the configured default, in Asia/Almaty, with the 2022-2023 rules otherwise', () => {
    expect(Config.parse({}).POLICY_FILE).toBe('policies/2026-2027.json');
    expect(policy).toMatchObject({
      version: '2026-2027.3',
      academicYear: '2026-2027',
      timeZone: 'Asia/Almaty',
    });
    expect(policy.timings.escalationWorkingDaysAfter).toBe(2);
    expect(policy.applicationWindows).toEqual(old.applicationWindows);
    expect(policy.tracks).toEqual(old.tracks);
    expect(policy.workingWeekendDays).toEqual([]);
  });

  test("holds Kazakhstan's days off of 2026 and 2027, with the days moved off weekends", () => {
    const moved = policy.holidays.filter((h) => h.transferredFrom).map((h) => [h.transferredFrom, h.date]);
    expect(moved).toEqual([
      ['2026-03-08', '2026-03-09'],
      ['2026-03-21', '2026-03-24'],
      ['2026-03-22', '2026-03-25'],
      ['2026-05-09', '2026-05-11'],
      ['2026-08-30', '2026-08-31'],
      ['2026-10-25', '2026-10-26'],
      ['2027-01-02', '2027-01-04'],
      ['2027-03-21', '2027-03-24'],
      ['2027-05-01', '2027-05-03'],
      ['2027-05-09', '2027-05-10'],
    ]);
    expect(policy.holidays.find((h) => h.date === '2026-05-27')?.name).toMatch(/Kurban Ait/);
    expect(toCasePolicy(policy).holidays).toHaveLength(policy.holidays.length);
  });

  test('an escalation grace left out takes the default of 2 working days', () => {
    const p = JSON.parse(readFileSync(DEFAULT, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete p.timings.escalationWorkingDaysAfter;
    delete p.workingWeekendDays;
    const parsed = Policy.parse(p);
    expect(parsed.timings.escalationWorkingDaysAfter).toBe(2);
    expect(parsed.workingWeekendDays).toEqual([]);
  });
});

type Mutate = (p: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const broken: [name: string, mutate: Mutate, field: string, rule: RegExp][] = [
  ['missing field', (p) => delete p.tracks.mshe.minGpa, 'tracks.mshe.minGpa', /expected number/],
  [
    'wrong type',
    (p) => (p.tracks.self_funded.minGpa = '2.5'),
    'tracks.self_funded.minGpa',
    /expected number/,
  ],
  ['GPA off the 4.0 scale', (p) => (p.tracks.erasmus.minGpa = 5), 'tracks.erasmus.minGpa', /<=4/],
  [
    'IELTS between half bands',
    (p) => (p.tracks.mshe.english.minIelts = 5.4),
    'tracks.mshe.english.minIelts',
    /0\.5/,
  ],
  ['unknown CEFR level', (p) => (p.tracks.mshe.english.minCefr = 'B3'), 'tracks.mshe.english.minCefr', /B2/],
  ['misspelt key', (p) => (p.tracks.erasmus.minGPA = 2.5), 'tracks.erasmus', /minGPA/],
  [
    'masters may apply with no semesters',
    (p) => (p.tracks.self_funded.whoMayApply.masterSemesters = []),
    'tracks.self_funded.whoMayApply.masterSemesters',
    /must not be empty/,
  ],
  [
    'mobility range for a degree that may not apply',
    (p) => (p.tracks.mshe.mobilitySemester.master = { fromStudySemester: 3, toStudySemester: 3 }),
    'tracks.mshe.mobilitySemester.master',
    /must be null/,
  ],
  [
    'mobility range backwards',
    (p) => (p.tracks.mshe.mobilitySemester.bachelor.toStudySemester = 3),
    'tracks.mshe.mobilitySemester.bachelor.toStudySemester',
    /before/,
  ],
  [
    'repeated bachelor year',
    (p) => (p.tracks.mshe.whoMayApply.bachelorYears = [2, 2]),
    'tracks.mshe.whoMayApply.bachelorYears',
    /repeat/,
  ],
  [
    'empty checklist',
    (p) => (p.tracks.erasmus.requiredDocuments = []),
    'tracks.erasmus.requiredDocuments',
    />=1/,
  ],
  [
    'unknown document kind',
    (p) => (p.tracks.mshe.requiredDocuments[0].anyOf = ['selfie']),
    'tracks.mshe.requiredDocuments.0.anyOf.0',
    /transcript/,
  ],
  [
    'window closes before it opens',
    (p) => (p.applicationWindows[0].closes = { month: 8, day: 25 }),
    'applicationWindows.0.closes',
    /closes before it opens/,
  ],
  [
    'no such day',
    (p) => (p.applicationWindows[1].closes.day = 30),
    'applicationWindows.1.closes.day',
    /no such day/,
  ],
  [
    'two windows for one semester',
    (p) => (p.applicationWindows[1].forSemester = 'spring'),
    'applicationWindows.1.forSemester',
    /same semester/,
  ],
  ['negative places', (p) => (p.mshe.regions[0].places = -1), 'mshe.regions.0.places', />=0/],
  [
    'fractional tenge',
    (p) => (p.mshe.regions[1].allowances.visa = 26350.5),
    'mshe.regions.1.allowances.visa',
    /int/,
  ],
  [
    'total not the sum',
    (p) => (p.mshe.regions[1].totalPerStudent = 2_061_251),
    'mshe.regions.1.totalPerStudent',
    /must equal/,
  ],
  ['repeated region', (p) => (p.mshe.regions[1].id = 'europe'), 'mshe.regions', /twice/],
  [
    'repeated ranking criterion',
    (p) => (p.mshe.rankingCriteria = ['gpa', 'gpa']),
    'mshe.rankingCriteria',
    /repeat/,
  ],
  [
    'overlapping grading scale',
    (p) => (p.gradingScale[2].min = 84),
    'gradingScale.2.min',
    /B\+ \(84-89\) overlaps B \(80-84\)/,
  ],
  ['gap in the grading scale', (p) => (p.gradingScale[1].max = 93), 'gradingScale.0.min', /gap: 94-94/],
  ['grading scale short of 100', (p) => (p.gradingScale[0].max = 99), 'gradingScale', /gap: 100-100/],
  [
    'band upside down',
    (p) => (p.gradingScale[10].max = 20),
    'gradingScale.10.max',
    /band FX: max 20 is below min 25/,
  ],
  ['higher band with fewer points', (p) => (p.gradingScale[1].points = 4.5), 'gradingScale.1.points', /<=4/],
  ['points out of order', (p) => (p.gradingScale[3].points = 3.5), 'gradingScale.2.points', /fewer points/],
  ['version of another year', (p) => (p.version = '2023-2024.1'), 'version', /2022-2023/],
  ['malformed version', (p) => (p.version = 'v1'), 'version', /2022-2023\.1/],
  ['a zone the database does not know', (p) => (p.timeZone = 'Asia/Almatyy'), 'timeZone', /IANA time zone/],
  ['an offset instead of a zone', (p) => (p.timeZone = '+05:00'), 'timeZone', /IANA time zone/],
  ['no zone', (p) => delete p.timeZone, 'timeZone', /expected string/],
  ['the old fixed offset', (p) => (p.utcOffset = '+05:00'), '(root)', /utcOffset/],
  [
    'the old calendar-day escalation',
    (p) => (p.timings.escalationDaysAfter = 2),
    'timings',
    /escalationDaysAfter/,
  ],
  [
    'escalation in fractional working days',
    (p) => (p.timings.escalationWorkingDaysAfter = 1.5),
    'timings.escalationWorkingDaysAfter',
    /whole number/,
  ],
  [
    'a holiday that does not exist',
    (p) => (p.holidays[3].date = '2022-02-30'),
    'holidays.3.date',
    /calendar date/,
  ],
  ['a holiday not ISO', (p) => (p.holidays[0].date = '01.01.2022'), 'holidays.0.date', /YYYY-MM-DD/],
  ['a holiday without a name', (p) => delete p.holidays[0].name, 'holidays.0.name', /expected string/],
  ['a holiday of another year', (p) => (p.holidays[0].date = '2021-01-01'), 'holidays.0.date', /2022-2024/],
  ['a holiday twice', (p) => (p.holidays[1].date = p.holidays[0].date), 'holidays.1.date', /same date/],
  [
    'a day off moved onto a weekend',
    (p) => (p.holidays[2].date = '2022-01-08'),
    'holidays.2.date',
    /weekday/,
  ],
  [
    'a day off moved from a weekday',
    (p) => (p.holidays[2].transferredFrom = '2022-01-05'),
    'holidays.2.transferredFrom',
    /Saturday or a Sunday/,
  ],
  [
    'a worked weekend day that is a Monday',
    (p) => (p.workingWeekendDays[0].date = '2022-03-07'),
    'workingWeekendDays.0.date',
    /Saturday or a Sunday/,
  ],
  [
    'a worked weekend day that is also a holiday',
    (p) => (p.workingWeekendDays[0].date = '2022-01-01'),
    'workingWeekendDays.0.date',
    /also listed as a holiday/,
  ],
  ['no reminders', (p) => (p.timings.reminderDaysBefore = []), 'timings.reminderDaysBefore', />=1/],
  [
    'checklist item twice',
    (p) => p.tracks.erasmus.requiredDocuments.push(p.tracks.erasmus.requiredDocuments[0]),
    'tracks.erasmus.requiredDocuments',
    /twice/,
  ],
  [
    'fall before spring in the study calendar',
    (p) => (p.studyCalendar = { springFromMonth: 9, fallFromMonth: 2 }),
    'studyCalendar.fallFromMonth',
    /earlier/,
  ],
  [
    'IELTS validity disagrees with the document checks',
    (p) => (p.documents = { ielts: { validityYears: 3 } }),
    'documents.ielts.validityYears',
    /ieltsValidityYears/,
  ],
  [
    'the document check asks a higher IELTS band than a track',
    (p) => (p.documents = { ielts: { minScore: 6 } }),
    'documents.ielts.minScore',
    /self_funded asks for 5.5/,
  ],
];

describe('a broken policy file is refused with its path, the field and the rule', () => {
  test.each(broken)('%s', (name, mutate, field, rule) => {
    const p = raw();
    mutate(p);
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(p));
    let message = '';
    try {
      loadPolicy(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`policy file ${file} is invalid`);
    const line = message.split('\n').find((l) => l.trim().startsWith(`${field}: `));
    expect({ line, message }).toEqual({ line: expect.stringMatching(rule), message });
  });

  test('a file that is not JSON', () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{ "version": ');
    expect(() => loadPolicy(file)).toThrow(
      new RegExp(`policy file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
    );
  });

  test('a file that is not there', () => {
    expect(() => loadPolicy(join(dir, 'missing.json'))).toThrow(/missing\.json: ENOENT/);
  });
});
