import {
  addWorkingDays,
  civilFromDays,
  daysInMonth,
  isWorkingDay,
  localDate,
  utcOffsetMinutes,
  zonedMs,
  type WorkingCalendar,
} from './calendar';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The same local time `months` calendar months after `startMs` in the calendar's zone; a day the month
 * lacks falls back to its last day (January 31 + 1 month is February 28 or 29).
 */
export function addCalendarMonths(startMs: number, months: number, timeZone: string): number {
  const local = startMs + utcOffsetMinutes(timeZone, startMs) * MINUTE;
  const date = civilFromDays(Math.floor(local / DAY));
  const timeOfDay = local - Math.floor(local / DAY) * DAY;
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  return zonedMs(timeZone, year, month, day, 0, 0, 0, timeOfDay);
}

/**
 * When the one-month promise falls due for an application complete at `completeMs`: `months` calendar
 * months later; a due day that is not a working day (a weekend, a Kazakhstan holiday) moves to the next
 * working day, at the same local time.
 */
export function invitationDueAt(completeMs: number, months: number, calendar: WorkingCalendar): number {
  const due = addCalendarMonths(completeMs, months, calendar.timeZone);
  return isWorkingDay(localDate(calendar.timeZone, due), calendar) ? due : addWorkingDays(due, 1, calendar);
}
