import type { DeadlineMeta } from '../../machines/outgoing-case/context';
import type { DueDeadline } from '../../machines/outgoing-case/events';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Something the case must do at a moment in (workflow) time: remind before a deadline, escalate after. */
export type Wakeup =
  | { key: string; at: number; kind: 'reminder'; deadline: DueDeadline; daysBefore: number }
  | { key: string; at: number; kind: 'escalation'; deadline: DueDeadline };

export interface ScheduleRules {
  /** Days from entering a deadline's state to the deadline, per timing. */
  days: (timing: DeadlineMeta['timing']) => number;
  reminderDaysBefore: readonly number[];
  /** When a missed deadline is escalated: the case's calendar decides (working days since version 2). */
  escalateAt: (dueAt: number) => number;
}

/** What a case carries over into its next run (continue-as-new), as plain data. */
export interface ScheduleState {
  deadlines: DueDeadline[];
  wakeups: Wakeup[];
}

/**
 * The case's timers as data, driven by the machine's watch/unwatch effects. The workflow sleeps until
 * the earliest wakeup; a deadline's reminders and escalation go when its state is left.
 */
export class Schedule {
  private readonly wakeups = new Map<string, Wakeup>();
  private readonly deadlines = new Map<string, DueDeadline>();

  constructor(
    private readonly rules: ScheduleRules,
    carried?: ScheduleState,
  ) {
    for (const d of carried?.deadlines ?? []) this.deadlines.set(d.id, d);
    for (const w of carried?.wakeups ?? []) this.wakeups.set(w.key, w);
  }

  watch(meta: DeadlineMeta, now: number): void {
    if (this.deadlines.has(meta.id)) return;
    const deadline = { ...meta, dueAt: now + this.rules.days(meta.timing) * DAY_MS };
    this.deadlines.set(meta.id, deadline);
    for (const daysBefore of this.rules.reminderDaysBefore) {
      const at = deadline.dueAt - daysBefore * DAY_MS;
      if (at <= now) continue;
      const key = `reminder:${meta.id}:${daysBefore}d`;
      this.wakeups.set(key, { key, at, kind: 'reminder', deadline, daysBefore });
    }
    const key = `escalation:${meta.id}`;
    this.wakeups.set(key, { key, at: this.rules.escalateAt(deadline.dueAt), kind: 'escalation', deadline });
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

  /** Remove and return the wakeups due by `now`, earliest first. */
  takeDue(now: number): Wakeup[] {
    const due = [...this.wakeups.values()].filter((w) => w.at <= now).sort((a, b) => a.at - b.at);
    for (const w of due) this.wakeups.delete(w.key);
    return due;
  }

  trackedDeadlines(): DueDeadline[] {
    return [...this.deadlines.values()].sort((a, b) => a.dueAt - b.dueAt);
  }

  nextDeadline(): number | undefined {
    return this.trackedDeadlines()[0]?.dueAt;
  }

  state(): ScheduleState {
    return { deadlines: this.trackedDeadlines(), wakeups: [...this.wakeups.values()] };
  }
}
