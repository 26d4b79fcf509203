import { addWorkingDays, subtractWorkingDays } from '../../domain/calendar';
import type { AuditEntry } from '../../domain/case-view';
import type { CasePolicy } from '../../domain/policy';
import type { DeadlineChains } from '../../domain/policy-chains';
import type { OutgoingCaseContext, OutgoingCaseInput } from '../../machines/outgoing-case/context';
import type { ScheduleRules, ScheduleState } from './schedule';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a case carries into its next run when it continues as new: the machine's state and context,
 * its audit trail and its timers. The machine version stays the one the case started with.
 */
export interface Continued {
  value: unknown;
  context: OutgoingCaseContext;
  audit: AuditEntry[];
  schedule: ScheduleState;
  /** The search attributes last written, so the new run writes only what changes. */
  indexed: { stage: string; nextDeadline: number | null };
}

export interface OutgoingCaseRun extends OutgoingCaseInput {
  continued?: Continued;
}

/** How version 1 (every case opened before 2026-12-01) pinned its policy: a fixed offset, calendar days. */
interface V1Policy {
  utcOffset?: string;
  timings: CasePolicy['timings'] & { escalationDaysAfter?: number };
}

/**
 * The input a case started with, read as the current code expects it. A version-1 case pinned a fixed
 * UTC offset (always +05:00, Almaty's) and calendar-day escalations; it keeps both: its timers must fire
 * exactly when its recorded history says they did.
 */
export function readInput(input: OutgoingCaseRun): OutgoingCaseRun {
  if (input.machineVersion !== undefined) return input;
  const old = input.policy as CasePolicy & V1Policy;
  const policy: CasePolicy = {
    ...old,
    timeZone: old.timeZone ?? 'Asia/Almaty',
    holidays: old.holidays ?? [],
    workingWeekendDays: old.workingWeekendDays ?? [],
    timings: { ...old.timings, escalationWorkingDaysAfter: old.timings.escalationDaysAfter ?? 2 },
  };
  return { ...input, policy, machineVersion: 1 };
}

/**
 * The timer rules of a case's version: version 2 escalates after working days of the pinned calendar;
 * version 4 follows the policy's chain for the deadline, when the pinned policy has one.
 */
export function scheduleRules(input: OutgoingCaseInput): ScheduleRules {
  if (input.dayMs) return demoRules(input, input.dayMs);
  const { timings } = input.policy;
  const grace = timings.escalationWorkingDaysAfter;
  const version = input.machineVersion ?? 1;
  const escalateAt =
    version < 2
      ? (dueAt: number) => dueAt + grace * DAY_MS
      : (dueAt: number) => addWorkingDays(dueAt, grace, input.policy);
  return {
    dayMs: DAY_MS,
    days: (timing) => timings[timing],
    timers: (meta, dueAt) => {
      const chain = version >= 4 ? timings.chains?.[meta.id as keyof DeadlineChains] : undefined;
      if (!chain)
        return {
          reminders: timings.reminderDaysBefore.map((d) => ({ at: dueAt - d * DAY_MS, daysBefore: d })),
          escalations: [{ at: escalateAt(dueAt) }],
        };
      return {
        reminders: chain.remindWorkingDaysBefore.map((d) => ({
          at: subtractWorkingDays(dueAt, d, input.policy),
          daysBefore: d,
          workingDays: true as const,
        })),
        escalations: chain.escalations.map((e) => ({
          at: addWorkingDays(dueAt, e.workingDaysAfter, input.policy),
          to: e.to,
        })),
      };
    },
  };
}

/**
 * A demonstration case's timers: the same offsets, reminders and levels as the case's rules, each day
 * `dayMs` long and a working day a plain day (a calendar of seconds has no weekends).
 */
function demoRules(input: OutgoingCaseInput, dayMs: number): ScheduleRules {
  const { timings } = input.policy;
  return {
    dayMs,
    days: (timing) => timings[timing],
    timers: (meta, dueAt) => {
      const chain = timings.chains?.[meta.id as keyof DeadlineChains];
      const reminders = chain?.remindWorkingDaysBefore ?? timings.reminderDaysBefore;
      const levels = chain?.escalations ?? [{ workingDaysAfter: timings.escalationWorkingDaysAfter }];
      return {
        reminders: reminders.map((d) => ({ at: dueAt - d * dayMs, daysBefore: d })),
        escalations: levels.map((e) => ({
          at: dueAt + e.workingDaysAfter * dayMs,
          ...('to' in e ? { to: e.to } : {}),
        })),
      };
    },
  };
}

/** Version 2 continues as new when the student departs, so the semester abroad starts a fresh history. */
export const continuesAsNewOnDeparture = (input: OutgoingCaseInput) => (input.machineVersion ?? 1) >= 2;

/**
 * Version 3 reads the record and checks a document as local activities: the action that asks for them is
 * answered from one workflow task, with no activity task through the server (same timeouts and retries).
 */
export const factsInline = (input: OutgoingCaseInput) => (input.machineVersion ?? 1) >= 3;

/**
 * Version 6 closes and continues only from a settled workflow task. A case's own report (the statement
 * issued) can end it, so the outbox is delivered before the case returns; and the action that departs, and
 * any that still reach the run as it winds down, are applied and answered in workflow tasks before the one
 * that continues as new, because the server may lose the answer to an update completed in the same task as
 * the continue-as-new (temporalio/temporal#6375).
 */
export const settlesBeforeEnding = (input: OutgoingCaseInput) => (input.machineVersion ?? 1) >= 6;
