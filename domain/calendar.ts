import type { ApplicationWindow } from './policy-tables';

/**
 * Calendar arithmetic for the rules, in the policy's fixed UTC offset. Pure: no clock, no Intl, no
 * time-zone database; an instant is milliseconds since the epoch, a local date is read by shifting it.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

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

/** '+05:00' as minutes east of UTC. */
export function offsetMinutes(utcOffset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!m) throw new RangeError(`not a UTC offset: ${utcOffset}`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** An ISO date-time with an offset (Z or ±hh:mm) as epoch milliseconds; anything else is refused. */
export function instantMs(iso: string): number {
  const m = ISO_INSTANT.exec(iso);
  if (!m) throw new RangeError(`not an ISO date-time with an offset: ${iso}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError(`no such date-time: ${iso}`);
  }
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const z = m[8]!.toUpperCase();
  const zone = z === 'Z' ? 0 : offsetMinutes(`${z.slice(0, 3)}:${z.slice(3).replace(':', '') || '00'}`);
  return daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute - zone) * 60 + second) * 1000 + millis;
}

/** The local calendar date of an instant. */
export function localDateOf(ms: number, offset: number): LocalDate {
  return civilFromDays(Math.floor((ms + offset * MINUTE) / DAY));
}

/** The instant local midnight starts a day; day numbers past the month's end roll over. */
export function localMidnightMs(year: number, month: number, day: number, offset: number): number {
  return (daysFromCivil(year, month, 1) + day - 1) * DAY - offset * MINUTE;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD'. */
export function isoDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** An instant written in local time with its offset, e.g. 2026-09-25T23:59:59.999+05:00. */
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

/** A policy window for a given mobility semester, as instants: local 00:00 of the first day to the last day's end. */
export function windowForSemester(w: ApplicationWindow, semester: string, offset: number): WindowMs {
  const year = Number(semester.slice(0, 4)) + w.yearOffset;
  return {
    forSemester: semester,
    opensMs: localMidnightMs(year, w.opens.month, w.opens.day, offset),
    closesMs: localMidnightMs(year, w.closes.month, w.closes.day + 1, offset) - 1,
  };
}

/** The first policy window that opens after an instant. */
export function nextWindowAfter(
  windows: readonly ApplicationWindow[],
  ms: number,
  offset: number,
): WindowMs | undefined {
  const year = localDateOf(ms, offset).year;
  let best: WindowMs | undefined;
  for (let y = year - 1; y <= year + 2; y++) {
    for (const w of windows) {
      const candidate = windowForSemester(w, `${y}-${w.forSemester}`, offset);
      if (candidate.opensMs > ms && (!best || candidate.opensMs < best.opensMs)) best = candidate;
    }
  }
  return best;
}
