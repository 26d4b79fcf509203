import fc from 'fast-check';
import {
  formatInZone,
  instantMs,
  instantOfLocal,
  isValidTimeZone,
  localDate,
  localDateParts,
  utcOffsetMinutes,
  zonedMs,
} from '../../domain/calendar';

const ALMATY = 'Asia/Almaty';

describe('the UTC offset of Asia/Almaty comes from the zone, for each instant', () => {
  // Almaty was UTC+06:00 until 2024-03-01 00:00 local, when clocks went back to 2024-02-29 23:00 (+05:00).
  const rows: [what: string, at: string, offset: number][] = [
    ['2022 application window', '2022-09-25T23:59:59+06:00', 360],
    ['2023 summer', '2023-06-01T12:00:00Z', 360],
    ['2024-02-29 23:59 local, first pass', '2024-02-29T23:59:00+06:00', 360],
    ['the last instant at +06:00', '2024-02-29T17:59:59.999Z', 360],
    ['the first instant at +05:00', '2024-02-29T18:00:00Z', 300],
    ['2024-02-29 23:59 local, second pass', '2024-02-29T23:59:00+05:00', 300],
    ['2024-03-01 after the change', '2024-03-01T00:00:00+05:00', 300],
    ['2025 summer', '2025-06-01T12:00:00Z', 300],
    ['2026 window', '2026-09-01T00:00:00+05:00', 300],
    ['2027 winter', '2027-01-15T00:00:00Z', 300],
  ];
  test.each(rows)('%s (%s): %i minutes', (_what, at, offset) => {
    expect(utcOffsetMinutes(ALMATY, instantMs(at))).toBe(offset);
  });

  test('other zones, with daylight saving, come from the same database', () => {
    expect(utcOffsetMinutes('Europe/Berlin', instantMs('2026-01-15T12:00:00Z'))).toBe(60);
    expect(utcOffsetMinutes('Europe/Berlin', instantMs('2026-07-15T12:00:00Z'))).toBe(120);
    expect(utcOffsetMinutes('UTC', instantMs('2026-07-15T12:00:00Z'))).toBe(0);
  });

  test.each(['Asia/Almatyy', '+05:00', '', 'Almaty'])('refuses %j as a zone', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
    expect(() => utcOffsetMinutes(zone, 0)).toThrow(/not an IANA time zone/);
  });
});

describe('local dates and wall-clock times in the zone', () => {
  test.each([
    ['2022-09-25T17:59:59Z', '2022-09-25', '2022-09-25T23:59:59+06:00'],
    ['2022-09-25T18:00:00Z', '2022-09-26', '2022-09-26T00:00:00+06:00'],
    ['2024-02-29T18:30:00Z', '2024-02-29', '2024-02-29T23:30:00+05:00'],
    ['2024-02-29T19:00:00Z', '2024-03-01', '2024-03-01T00:00:00+05:00'],
    ['2026-09-25T18:59:59Z', '2026-09-25', '2026-09-25T23:59:59+05:00'],
    ['2026-09-25T19:00:00Z', '2026-09-26', '2026-09-26T00:00:00+05:00'],
  ])('%s is %s, written %s', (at, date, written) => {
    expect(localDate(ALMATY, instantMs(at))).toBe(date);
    expect(formatInZone(ALMATY, instantMs(at))).toBe(written);
  });

  test('a local date or date-time becomes the instant it stands for', () => {
    expect(instantOfLocal(ALMATY, '2022-09-01')).toBe(instantMs('2022-09-01T00:00:00+06:00'));
    expect(instantOfLocal(ALMATY, '2026-09-01')).toBe(instantMs('2026-09-01T00:00:00+05:00'));
    expect(instantOfLocal(ALMATY, '2023-06-01T09:30')).toBe(instantMs('2023-06-01T09:30:00+06:00'));
    expect(instantOfLocal(ALMATY, '2026-09-25T23:59:59.999')).toBe(
      instantMs('2026-09-25T23:59:59.999+05:00'),
    );
    // 2024-03-01 00:00 happened once, at +05:00; 23:00-23:59 on 2024-02-29 twice: the earlier is taken.
    expect(instantOfLocal(ALMATY, '2024-03-01')).toBe(instantMs('2024-03-01T00:00:00+05:00'));
    expect(instantOfLocal(ALMATY, '2024-02-29T23:59')).toBe(instantMs('2024-02-29T23:59:00+06:00'));
    expect(instantOfLocal(ALMATY, '2024-02-29T22:59')).toBe(instantMs('2024-02-29T22:59:00+06:00'));
    // A time skipped by a clock change is read with the offset before it, so lands after the gap.
    expect(instantOfLocal('Europe/Berlin', '2026-03-29T02:30')).toBe(instantMs('2026-03-29T03:30:00+02:00'));
    expect(instantOfLocal('Europe/Berlin', '2026-10-25T02:30')).toBe(instantMs('2026-10-25T02:30:00+02:00'));
  });

  test.each(['2026-02-29', '2026-09-01T24:00', '2026-09-01T00:00+05:00', '1 September'])(
    'refuses %s as a local date-time',
    (local) => {
      expect(() => instantOfLocal(ALMATY, local)).toThrow(RangeError);
    },
  );

  test('day numbers past the end of the month roll over', () => {
    expect(zonedMs(ALMATY, 2022, 9, 26)).toBe(instantMs('2022-09-26T00:00:00+06:00'));
    expect(zonedMs(ALMATY, 2022, 2, 29)).toBe(instantMs('2022-03-01T00:00:00+06:00'));
  });

  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 11, 31) });
  test('agrees with Intl for any instant, and a written instant reads back', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: ALMATY,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(instant, (t) => {
        expect(localDate(ALMATY, t)).toBe(intl.format(new Date(t)));
        expect(instantMs(formatInZone(ALMATY, t))).toBe(t);
        const d = localDateParts(ALMATY, t);
        expect(instantOfLocal(ALMATY, localDate(ALMATY, t))).toBe(zonedMs(ALMATY, d.year, d.month, d.day));
      }),
    );
  });
});
