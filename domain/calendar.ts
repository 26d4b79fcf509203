import { IANAZone } from 'luxon';
import type { ApplicationWindow } from './policy-tables';

/**
 * Calendar arithmetic for the rules. Pure: no clock. An instant is milliseconds since the epoch; a local
 * date is 'YYYY-MM-DD'. The UTC offset of a zone is never a constant: it comes from the IANA time-zone
 * database (through luxon) for the instant in question. Asia/Almaty was UTC+06:00 until 2024-03-01 and is
 * UTC+05:00 since. Pure date arithmetic (days from a date, the weekday) needs no zone and is done here.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date a count of days from 1970-01-01 falls on (civil_from_days). */
export function civilFromDays(days: number): LocalDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** '+05:00' (or '+0500', '+05') as minutes east of UTC: for reading ISO date-times, never for a zone. */
function parseOffset(text: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) throw new RangeError(`not a UTC offset: ${text}`);
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** An ISO date-time with an offset (Z or ±hh:mm) as epoch milliseconds; anything else is refused. */
export function instantMs(iso: string): number {
  const m = ISO_INSTANT.exec(iso);
  if (!m) throw new RangeError(`not an ISO date-time with an offset: ${iso}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDateTime(year, month, day, hour, minute, second))
    throw new RangeError(`no such date-time: ${iso}`);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const z = m[8]!.toUpperCase();
  const zone = z === 'Z' ? 0 : parseOffset(z);
  return daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute - zone) * 60 + second) * 1000 + millis;
}

function validDateTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

/** A 'YYYY-MM-DD' calendar date, checked to exist; anything else is a RangeError. */
export function parseIsoDate(date: string): LocalDate {
  const m = ISO_DATE.exec(date);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || !validDateTime(year, month, day))
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return { year, month, day };
}

/** Whether a string is a 'YYYY-MM-DD' date that exists (2023-02-29 does not). */
export function isIsoDate(date: string): boolean {
  const m = ISO_DATE.exec(date);
  return m !== null && validDateTime(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The calendar date of an instant at a fixed offset (minutes east of UTC). Rules use {@link localDate}. */
export function localDateOf(ms: number, offset: number): LocalDate {
  return civilFromDays(Math.floor((ms + offset * MINUTE) / DAY));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD'. */
export function isoDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** An instant written at a fixed offset, e.g. 2026-09-25T23:59:59.999+05:00. Rules use {@link formatInZone}. */
export function formatInstant(ms: number, offset: number): string {
  const local = ms + offset * MINUTE;
  const days = Math.floor(local / DAY);
  const rest = local - days * DAY;
  const [h, mi, s, milli] = [
    Math.floor(rest / 3_600_000),
    Math.floor(rest / MINUTE) % 60,
    Math.floor(rest / 1000) % 60,
    rest % 1000,
  ];
  const abs = Math.abs(offset);
  return (
    `${isoDate(civilFromDays(days))}T${pad(h)}:${pad(mi)}:${pad(s)}${milli ? `.${pad(milli, 3)}` : ''}` +
    `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Time zones: offsets from the IANA database, per instant.

/** Whether the runtime's time-zone database knows this IANA zone name (e.g. 'Asia/Almaty'). */
export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

function zone(timeZone: string): IANAZone {
  const z = IANAZone.create(timeZone);
  if (!z.isValid) throw new RangeError(`not an IANA time zone: ${timeZone}`);
  return z;
}

/** The UTC offset, in minutes east of UTC, that the zone has at an instant (Asia/Almaty: 360 in 2023, 300 in 2025). */
export function utcOffsetMinutes(timeZone: string, instant: number): number {
  if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
  return zone(timeZone).offset(instant);
}

/** The calendar date an instant falls on in the zone, as numbers. */
export function localDateParts(timeZone: string, instant: number): LocalDate {
  return localDateOf(instant, utcOffsetMinutes(timeZone, instant));
}

/** The calendar date an instant falls on in the zone, 'YYYY-MM-DD'. */
export function localDate(timeZone: string, instant: number): string {
  return isoDate(localDateParts(timeZone, instant));
}

/** An instant written in the zone's local time with the offset it has then, e.g. 2022-09-25T23:59:59+06:00. */
export function formatInZone(timeZone: string, instant: number): string {
  return formatInstant(instant, utcOffsetMinutes(timeZone, instant));
}

/**
 * The instant a local wall-clock time in the zone stands for. Wall-clock fields are given as numbers; a day
 * past the month's end rolls over (day 32 of January is 1 February). Where clocks were set back and the
 * time occurs twice (Asia/Almaty, 2024-02-29 23:00-23:59), the earlier instant is taken; where clocks were
 * set forward and the time never occurred, it is read with the offset before the change, which lands after
 * the gap (the rule JavaScript's Temporal calls 'compatible').
 */
export function zonedMs(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const z = zone(timeZone);
  const wall =
    (daysFromCivil(year, month, 1) + day - 1) * DAY +
    ((hour * 60 + minute) * 60 + second) * 1000 +
    millisecond;
  // The zone's offsets on either side of this wall-clock time; an instant is a reading of it when the
  // offset it is read with is the offset the zone has at that instant.
  const before = z.offset(wall - DAY);
  const after = z.offset(wall + DAY);
  const readings = [wall - before * MINUTE, wall - after * MINUTE]
    .filter((t) => wall - z.offset(t) * MINUTE === t)
    .sort((a, b) => a - b);
  return readings[0] ?? wall - before * MINUTE;
}

/**
 * The instant of a local date ('YYYY-MM-DD', local midnight) or date-time ('YYYY-MM-DDTHH:mm[:ss[.SSS]]',
 * no offset) in the zone; see {@link zonedMs} for times that occur twice or never. Anything else is refused.
 */
export function instantOfLocal(timeZone: string, local: string): number {
  const m = ISO_LOCAL.exec(local);
  const [year, month, day, hour, minute, second] = (m ? m.slice(1, 7) : []).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!m || !validDateTime(year, month, day, hour, minute, second)) {
    throw new RangeError(`not a local date or date-time without an offset: ${local}`);
  }
  const millisecond = Number((m[7] ?? '').padEnd(3, '0'));
  return zonedMs(timeZone, year, month, day, hour, minute, second, millisecond);
}

/** The instant local midnight starts a day in the zone; day numbers past the month's end roll over. */
export function localMidnightMs(timeZone: string, year: number, month: number, day: number): number {
  return zonedMs(timeZone, year, month, day);
}

// ---------------------------------------------------------------------------------------------------------
// Working days.

/** A day given as its date, or as a policy entry that has one. */
export type CalendarDay = string | { readonly date: string };

/**
 * What working-day arithmetic reads: the zone, the days off that are not weekends (public holidays and
 * transferred days off), and the weekend days made working days by a transfer. A pinned policy is one.
 */
export interface WorkingCalendar {
  readonly timeZone: string;
  readonly holidays: readonly CalendarDay[];
  readonly workingWeekendDays?: readonly CalendarDay[];
}

const dayDate = (d: CalendarDay) => (typeof d === 'string' ? d : d.date);

/** The ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  // 1970-01-01 was a Thursday (4).
  return ((((daysFromCivil(year, month, day) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

interface DaySets {
  off: Set<string>;
  on: Set<string>;
}
const daySets = (c: Pick<WorkingCalendar, 'holidays' | 'workingWeekendDays'>): DaySets => ({
  off: new Set(c.holidays.map(dayDate)),
  on: new Set((c.workingWeekendDays ?? []).map(dayDate)),
});
const working = (date: string, s: DaySets) => !s.off.has(date) && (s.on.has(date) || !isWeekend(date));

/**
 * A working day: Monday to Friday and not one of the calendar's holidays, or a weekend day the calendar
 * names as worked (a day off moved from it). The date is 'YYYY-MM-DD'.
 */
export function isWorkingDay(
  date: string,
  calendar: Pick<WorkingCalendar, 'holidays' | 'workingWeekendDays'>,
): boolean {
  return working(date, daySets(calendar));
}

/** The calendar date `days` after a 'YYYY-MM-DD' date (negative: before). */
export function addCalendarDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  return isoDate(civilFromDays(daysFromCivil(year, month, day) + days));
}

/**
 * The instant `n` working days after `startMs`, at the same local time of day in the calendar's zone.
 *
 * The rule: take the local date of `startMs` in the zone; the start day itself never counts, whether it is
 * a working day or not. Walk the following dates one by one and count each working day
 * ({@link isWorkingDay}); the n-th one is the day of the result. The result is that day at the wall-clock
 * time `startMs` had (a time the zone skips or repeats on that day is read as {@link zonedMs} does).
 * n = 0 returns `startMs` itself. So Friday 15:00 + 1 is the next Monday 15:00 (Tuesday 15:00 when that
 * Monday is a holiday), and Saturday 10:00 + 1 is Monday 10:00. `n` must be a whole number >= 0.
 */
export function addWorkingDays(startMs: number, n: number, calendar: WorkingCalendar): number {
  return walkWorkingDays(startMs, n, calendar, 1);
}

/** The instant `n` working days before `startMs`: {@link addWorkingDays} walked backwards (reminders). */
export function subtractWorkingDays(startMs: number, n: number, calendar: WorkingCalendar): number {
  return walkWorkingDays(startMs, n, calendar, -1);
}

function walkWorkingDays(startMs: number, n: number, calendar: WorkingCalendar, dir: 1 | -1): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`);
  if (n === 0) return startMs;
  const offset = utcOffsetMinutes(calendar.timeZone, startMs);
  const local = startMs + offset * MINUTE;
  const startDay = Math.floor(local / DAY);
  const timeOfDay = local - startDay * DAY;
  const sets = daySets(calendar);
  let day = startDay;
  for (let counted = 0; counted < n;) {
    day += dir;
    if (working(isoDate(civilFromDays(day)), sets)) counted += 1;
  }
  const d = civilFromDays(day);
  return zonedMs(calendar.timeZone, d.year, d.month, d.day, 0, 0, 0, timeOfDay);
}

// ---------------------------------------------------------------------------------------------------------
// Terms and windows.

/** The same calendar date `years` later; February 29 falls back to February 28 in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return isoDate({ year: y + years, month: m, day: Math.min(d, daysInMonth(y + years, m)) });
}

/** A term of study: the academic year it belongs to (by its starting calendar year) and which half. */
export interface Term {
  academicYearStart: number;
  half: 'fall' | 'spring';
}

/** "2027-spring" is the spring of academic year 2026-2027; "2027-fall" the fall of 2027-2028. */
export function termOfSemester(semester: string): Term {
  const [year, half] = semester.split('-') as [string, 'fall' | 'spring'];
  return { academicYearStart: half === 'fall' ? Number(year) : Number(year) - 1, half };
}

/**
 * The term a registrar record shows on a local date: the fall from `fallFromMonth` to the end of the month
 * before `springFromMonth`, the spring in between (2022 policy: August-January fall, February-July spring).
 */
export function termOfDate(d: LocalDate, cal: { springFromMonth: number; fallFromMonth: number }): Term {
  if (d.month >= cal.fallFromMonth) return { academicYearStart: d.year, half: 'fall' };
  if (d.month < cal.springFromMonth) return { academicYearStart: d.year - 1, half: 'fall' };
  return { academicYearStart: d.year - 1, half: 'spring' };
}

/** Terms counted from a fixed origin: the difference of two ordinals is the number of semesters between. */
export function termOrdinal(t: Term): number {
  return t.academicYearStart * 2 + (t.half === 'fall' ? 0 : 1);
}

export interface WindowMs {
  forSemester: string;
  opensMs: number;
  closesMs: number;
}

/**
 * A policy window for a given mobility semester, as instants: local 00:00 of the first day to the last
 * day's end (1 ms before the next local midnight), in the zone with the offset it had on those days.
 */
export function windowForSemester(w: ApplicationWindow, semester: string, timeZone: string): WindowMs {
  const year = Number(semester.slice(0, 4)) + w.yearOffset;
  return {
    forSemester: semester,
    opensMs: localMidnightMs(timeZone, year, w.opens.month, w.opens.day),
    closesMs: localMidnightMs(timeZone, year, w.closes.month, w.closes.day + 1) - 1,
  };
}

/** The first policy window that opens after an instant. */
export function nextWindowAfter(
  windows: readonly ApplicationWindow[],
  ms: number,
  timeZone: string,
): WindowMs | undefined {
  const year = localDateParts(timeZone, ms).year;
  let best: WindowMs | undefined;
  for (let y = year - 1; y <= year + 2; y++) {
    for (const w of windows) {
      const candidate = windowForSemester(w, `${y}-${w.forSemester}`, timeZone);
      if (candidate.opensMs > ms && (!best || candidate.opensMs < best.opensMs)) best = candidate;
    }
  }
  return best;
}
