import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  formatInZone,
  instantMs,
  isoWeekday,
  isWorkingDay,
  localDate,
  type WorkingCalendar,
} from '../../domain/calendar';
import { toCasePolicy } from '../../domain/policy';
import { policy as policy2026, policy2022 } from './support';

const cal2026 = toCasePolicy(policy2026);
const cal2022 = toCasePolicy(policy2022);
const at = (iso: string) => instantMs(iso);
const show = (ms: number, c: WorkingCalendar = cal2026) => formatInZone(c.timeZone, ms);

describe('working days: Monday to Friday minus the holidays of the policy', () => {
  test.each([
    ['2026-09-11', true, 'a Friday'],
    ['2026-09-12', false, 'a Saturday'],
    ['2026-09-13', false, 'a Sunday'],
    ['2026-09-14', true, 'a Monday'],
    ['2026-03-09', false, "Monday, International Women's Day moved from Sunday 8 March"],
    ['2026-03-23', false, 'Monday, Nauryz'],
    ['2026-03-24', false, 'Tuesday, Nauryz moved from Saturday 21 March'],
    ['2026-03-26', true, 'Thursday after Nauryz'],
    ['2026-05-27', false, 'Wednesday, Kurban Ait'],
    ['2026-12-16', false, 'Wednesday, Independence Day'],
    ['2027-01-04', false, 'Monday, New Year moved from Saturday 2 January'],
  ])('2026-2027 policy: %s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date, cal2026)).toBe(working);
  });

  test.each([
    ['2022-03-05', true, 'a Saturday worked: its day off moved to Monday 7 March'],
    ['2022-03-07', false, 'Monday, the day off moved from Saturday 5 March'],
    ['2022-10-22', true, 'a Saturday worked before Republic Day'],
    ['2022-12-16', false, 'Friday, Independence Day'],
    ['2022-12-19', true, 'Monday: 17 December is no longer a holiday'],
    ['2023-07-01', true, 'a Saturday worked: its day off moved to Friday 7 July'],
    ['2023-07-07', false, 'Friday, the day off moved from Saturday 1 July'],
    ['2023-12-18', false, 'Monday, Independence Day moved from Saturday 16 December'],
  ])('2022-2023 policy: %s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date, cal2022)).toBe(working);
  });

  test('a holiday may be given as a date or as a policy entry', () => {
    expect(isWorkingDay('2026-09-14', { holidays: ['2026-09-14'] })).toBe(false);
    expect(isWorkingDay('2026-09-14', { holidays: [{ date: '2026-09-14' }] })).toBe(false);
    expect(isWorkingDay('2026-09-15', { holidays: [{ date: '2026-09-14' }] })).toBe(true);
    expect(() => isWorkingDay('2026-02-30', cal2026)).toThrow(RangeError);
  });
});

describe('addWorkingDays: n working days later, at the same local time of day', () => {
  test.each([
    ['n = 0 is the start itself', '2026-09-12T10:00:00+05:00', 0, '2026-09-12T10:00:00+05:00'],
    ['within the week', '2026-09-14T09:00:00+05:00', 2, '2026-09-16T09:00:00+05:00'],
    ['Friday + 1: over the weekend', '2026-09-11T15:00:00+05:00', 1, '2026-09-14T15:00:00+05:00'],
    ['Saturday + 1: the start day never counts', '2026-09-12T10:00:00+05:00', 1, '2026-09-14T10:00:00+05:00'],
    ['Sunday + 2', '2026-09-13T23:30:00+05:00', 2, '2026-09-15T23:30:00+05:00'],
    [
      'a holiday start day does not count either',
      '2026-03-23T12:00:00+05:00',
      1,
      '2026-03-26T12:00:00+05:00',
    ],
    // Friday 6 March: Sunday 8 March's day off is Monday 9 March.
    [
      'a deadline on a Friday before a Monday holiday',
      '2026-03-06T18:00:00+05:00',
      2,
      '2026-03-11T18:00:00+05:00',
    ],
    // Nauryz: Saturday 21 - Wednesday 25 March are all off.
    ['over Nauryz and its moved days off', '2026-03-20T17:00:00+05:00', 2, '2026-03-27T17:00:00+05:00'],
    ['over Victory Day moved to Monday 11 May', '2026-05-08T09:00:00+05:00', 1, '2026-05-12T09:00:00+05:00'],
    ['over the New Year into the next year', '2026-12-31T10:00:00+05:00', 1, '2027-01-05T10:00:00+05:00'],
    [
      'the 2-working-day escalation grace',
      '2026-10-23T23:59:59.999+05:00',
      2,
      '2026-10-28T23:59:59.999+05:00',
    ],
  ])('%s: %s + %i', (_what, start, n, expected) => {
    expect(show(addWorkingDays(at(start), n, cal2026))).toBe(show(at(expected)));
  });

  test.each([
    ['a worked Saturday counts', '2022-03-04T10:00:00+06:00', 1, '2022-03-05T10:00:00+06:00'],
    ['over Women’s Day and its moved day off', '2022-03-05T10:00:00+06:00', 1, '2022-03-09T10:00:00+06:00'],
    ['in 2022, at +06:00', '2022-12-15T14:00:00+06:00', 1, '2022-12-19T14:00:00+06:00'],
  ])('2022-2023 policy, %s: %s + %i', (_what, start, n, expected) => {
    expect(show(addWorkingDays(at(start), n, cal2022), cal2022)).toBe(show(at(expected), cal2022));
  });

  test('the local time of day is kept across the change of offset (Almaty, 1 March 2024)', () => {
    const c: WorkingCalendar = { timeZone: 'Asia/Almaty', holidays: [] };
    // Thursday 29 February 2024 09:00 at +06:00; Friday 1 March 09:00 is at +05:00, 25 hours later.
    const start = at('2024-02-29T09:00:00+06:00');
    const next = addWorkingDays(start, 1, c);
    expect(show(next, c)).toBe('2024-03-01T09:00:00+05:00');
    expect(next - start).toBe(25 * 3_600_000);
  });

  test.each([-1, 1.5, Number.NaN])('refuses %p working days', (n) => {
    expect(() => addWorkingDays(at('2026-09-14T09:00:00+05:00'), n, cal2026)).toThrow(RangeError);
  });

  const start = fc.integer({ min: Date.UTC(2021, 11, 1), max: Date.UTC(2028, 0, 31) });
  const calendars = fc.constantFrom(cal2026, cal2022);
  const n = fc.integer({ min: 0, max: 40 });

  test('n >= 1 always lands on a working day, at the start time of day', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 40 }), calendars, (s, k, c) => {
        const end = addWorkingDays(s, k, c);
        expect(isWorkingDay(localDate(c.timeZone, end), c)).toBe(true);
        expect(show(end, c).slice(10, 23)).toBe(show(s, c).slice(10, 23));
        // exactly k working days lie after the start day, up to and including the end day
        let count = 0;
        for (
          let d = addCalendarDays(localDate(c.timeZone, s), 1);
          d <= localDate(c.timeZone, end);
          d = addCalendarDays(d, 1)
        ) {
          if (isWorkingDay(d, c)) count += 1;
        }
        expect(count).toBe(k);
      }),
    );
  });

  test('is strictly monotone in n', () => {
    fc.assert(
      fc.property(start, n, n, calendars, (s, a, b, c) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(s, lo, c)).toBeLessThan(addWorkingDays(s, hi, c));
      }),
    );
  });

  test('never lands on a weekend day unless the calendar works it', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 40 }), (s, k) => {
        const day = localDate(cal2026.timeZone, addWorkingDays(s, k, cal2026));
        expect(isoWeekday(day)).toBeLessThan(6);
      }),
    );
  });
});
