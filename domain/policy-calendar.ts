import { z } from 'zod';
import { isIsoDate, isValidTimeZone, isWeekend } from './calendar';

/** A calendar date, 'YYYY-MM-DD', that exists. */
export const CalendarDate = z
  .string()
  .refine(isIsoDate, 'must be a calendar date YYYY-MM-DD that exists (e.g. 2026-03-23)');

/** An IANA zone name the time-zone database knows; offsets are derived from it for every instant. */
export const TimeZone = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone name the time-zone database knows, e.g. Asia/Almaty')
  .describe('the IANA zone every date of the rules is read in; its UTC offset is taken for each instant');

/**
 * A day off on which no one works: a public holiday (the law's list, religious holidays included), or a
 * day off transferred to a weekday, either because a holiday fell on a weekend (Labour Code art. 85: the
 * next working day is off instead) or by a government decree that moves a weekend day off (the weekend day
 * is then in `workingWeekendDays`). A holiday on a weekend that is not transferred (religious holidays) may
 * be listed for the record; it changes nothing.
 */
export const Holiday = z
  .strictObject({
    date: CalendarDate,
    name: z.string().min(2).max(120).describe('the holiday, or what the transferred day off is for'),
    transferredFrom: CalendarDate.optional().describe(
      'for a transferred day off: the weekend day it was moved from',
    ),
    note: z.string().min(1).max(300).optional().describe('where the day comes from (law, decree)'),
  })
  .superRefine((h, ctx) => {
    if (h.transferredFrom === undefined || !isIsoDate(h.date) || !isIsoDate(h.transferredFrom)) return;
    if (isWeekend(h.date)) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'a transferred day off falls on a weekday (Monday to Friday)',
      });
    }
    if (!isWeekend(h.transferredFrom)) {
      ctx.addIssue({
        code: 'custom',
        path: ['transferredFrom'],
        message: 'a day off is transferred from a Saturday or a Sunday',
      });
    }
  });
export type Holiday = z.infer<typeof Holiday>;

/** A Saturday or Sunday that is a working day because its day off was moved to a weekday. */
export const WorkingWeekendDay = z
  .strictObject({
    date: CalendarDate.refine((d) => !isIsoDate(d) || isWeekend(d), 'must be a Saturday or a Sunday'),
    note: z.string().min(1).max(300).describe('the transfer that makes it a working day'),
  })
  .describe('a weekend day that is worked');
export type WorkingWeekendDay = z.infer<typeof WorkingWeekendDay>;

/** The working calendar of a policy: Monday to Friday minus `holidays`, plus `workingWeekendDays`. */
export const PolicyCalendarFields = {
  timeZone: TimeZone,
  holidays: z
    .array(Holiday)
    .describe(
      "Kazakhstan's days off on weekdays for the calendar years of the academic year (public holidays and transferred days off); dates after the last listed year count weekends only",
    ),
  workingWeekendDays: z
    .array(WorkingWeekendDay)
    .default([])
    .describe('weekend days that are working days by a transfer of their day off'),
};
