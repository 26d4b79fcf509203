import { addWorkingDays } from '../../domain/calendar';
import type { IncomingRecipient } from '../../domain/incoming';
import { invitationDueAt } from '../../domain/incoming-deadline';
import type { IncomingCasePolicy, IncomingDeadlineMeta } from '../../machines/incoming-case/context';
import type { IncomingDueDeadline } from '../../machines/incoming-case/events';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A moment the case must act at: a reminder before the one-month promise falls due, an escalation after. */
export type IncomingWakeup =
  | { key: string; at: number; kind: 'reminder'; deadline: IncomingDueDeadline; daysBefore: number }
  | {
      key: string;
      at: number;
      kind: 'escalation';
      deadline: IncomingDueDeadline;
      to: IncomingRecipient;
      workingDaysAfter: number;
    };

/**
 * The incoming case's timers as data, driven by the machine's watch/unwatch effects: a watched deadline
 * falls due `invitationMonths` after the complete application (moved off a day off), DI is reminded the
 * policy's days before, and each step of the escalation chain comes its working days after. The workflow
 * sleeps until the earliest wakeup (a durable timer); leaving the state drops the deadline's wakeups.
 */
export class IncomingSchedule {
  private readonly wakeups = new Map<string, IncomingWakeup>();
  private readonly deadlines = new Map<string, IncomingDueDeadline>();
  /** Days DI added to each deadline: a deadline watched again (a letter that failed to be made) keeps them. */
  private readonly extendedDays = new Map<string, number>();

  constructor(private readonly policy: IncomingCasePolicy) {}

  watch(meta: IncomingDeadlineMeta, startMs: number, now: number): void {
    if (this.deadlines.has(meta.id)) return;
    const { policy } = this;
    const extra = (this.extendedDays.get(meta.id) ?? 0) * DAY_MS;
    this.plan({ ...meta, dueAt: invitationDueAt(startMs, policy.invitationMonths, policy) + extra }, now);
  }

  /**
   * Moves every watched deadline `days` later and plans its timers again from the new date; those
   * already past are not sent again. Returns each deadline before and after.
   */
  extendAll(days: number, now: number): { before: IncomingDueDeadline; after: IncomingDueDeadline }[] {
    return this.trackedDeadlines().map((before) => {
      this.unwatch(before.id);
      this.extendedDays.set(before.id, (this.extendedDays.get(before.id) ?? 0) + days);
      const after = { ...before, dueAt: before.dueAt + days * DAY_MS };
      this.plan(after, now);
      return { before, after };
    });
  }

  private plan(deadline: IncomingDueDeadline, now: number): void {
    const { policy } = this;
    const { id } = deadline;
    this.deadlines.set(id, deadline);
    for (const daysBefore of policy.reminderDaysBefore) {
      const at = deadline.dueAt - daysBefore * DAY_MS;
      if (at <= now) continue;
      const key = `reminder:${id}:${daysBefore}d`;
      this.wakeups.set(key, { key, at, kind: 'reminder', deadline, daysBefore });
    }
    for (const { to, workingDaysAfter } of policy.escalations) {
      const key = `escalation:${id}:${workingDaysAfter}wd`;
      const at = addWorkingDays(deadline.dueAt, workingDaysAfter, policy);
      if (at <= now) continue;
      this.wakeups.set(key, { key, at, kind: 'escalation', deadline, to, workingDaysAfter });
    }
  }

  unwatch(id: string): void {
    this.deadlines.delete(id);
    for (const w of [...this.wakeups.values()]) if (w.deadline.id === id) this.wakeups.delete(w.key);
  }

  clear(): void {
    this.deadlines.clear();
    this.wakeups.clear();
  }

  nextAt(): number | undefined {
    let next: number | undefined;
    for (const w of this.wakeups.values()) if (next === undefined || w.at < next) next = w.at;
    return next;
  }

  /** Removes and returns the wakeups due by `now`, earliest first. */
  takeDue(now: number): IncomingWakeup[] {
    const due = [...this.wakeups.values()].filter((w) => w.at <= now).sort((a, b) => a.at - b.at);
    for (const w of due) this.wakeups.delete(w.key);
    return due;
  }

  /** The timers still to fire, for staff to read (the `upcoming` query); changes nothing. */
  pending(): readonly IncomingWakeup[] {
    return [...this.wakeups.values()];
  }

  trackedDeadlines(): IncomingDueDeadline[] {
    return [...this.deadlines.values()].sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  }

  nextDeadline(): number | undefined {
    return this.trackedDeadlines()[0]?.dueAt;
  }
}
