import type { Policy } from '../../domain/policy';

const DAY = 24 * 60 * 60 * 1000;

/** The local date (YYYY-MM-DD) and weekday of an instant in the policy's zone, as Intl reads the IANA zone. */
export function localDay(policy: Pick<Policy, 'timeZone'>, ms: number): { date: string; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: policy.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday: part('weekday') };
}

/**
 * When a deadline due at `dueMs` is escalated under `policy`: `escalationWorkingDaysAfter` working days
 * later at the same wall-clock time, skipping weekends (unless worked) and the policy's days off. Written
 * apart from domain/calendar.ts, day by day, so the workflow's timers are checked against the rule, not
 * against the code that set them. Assumes no change of UTC offset in between (none in Almaty since 2024).
 */
export function escalationDue(policy: Policy, dueMs: number): number {
  const holidays = new Set(policy.holidays.map((h) => h.date));
  const worked = new Set(policy.workingWeekendDays.map((d) => d.date));
  let at = dueMs;
  for (let counted = 0; counted < policy.timings.escalationWorkingDaysAfter;) {
    at += DAY;
    const { date, weekday } = localDay(policy, at);
    const weekend = weekday === 'Sat' || weekday === 'Sun';
    if ((!weekend || worked.has(date)) && !holidays.has(date)) counted += 1;
  }
  return at;
}

/** How long to wait from `now` so that `now + wait + leadMs` falls on a local `weekday` (e.g. 'Fri'). */
export function waitUntilDueOn(policy: Policy, now: number, leadMs: number, weekday: string): number {
  for (let d = 0; d < 7; d++)
    if (localDay(policy, now + d * DAY + leadMs).weekday === weekday) return d * DAY;
  throw new Error(`no ${weekday} within a week`);
}
