import type { DeadlineMeta } from '../../machines/outgoing-case/context';
import type { DueDeadline } from '../../machines/outgoing-case/events';
import type { Addressee } from '../../domain/notification';

/** Something the case must do at a moment in (workflow) time: remind before a deadline, escalate after. */
export type Wakeup =
  | {
      key: string;
      at: number;
      kind: 'reminder';
      deadline: DueDeadline;
      daysBefore: number;
      /** Version 4 chains count the days before in working days. */
      workingDays?: true;
    }
  | {
      key: string;
      at: number;
      kind: 'escalation';
      deadline: DueDeadline;
      /** Version 4 chains: the level's addressee; without it the state's declared escalation. */
      to?: Addressee;
    };

/** One deadline's timers under the case's rules: reminders before, escalation levels after. */
export interface DeadlineTimers {
  reminders: { at: number; daysBefore: number; workingDays?: true }[];
  escalations: { at: number; to?: Addressee }[];
}

export interface ScheduleRules {
  /** How long one day of `days` lasts (a real day, but for a demonstration case). */
  dayMs: number;
  /** Days from entering a deadline's state to the deadline, per timing. */
  days: (timing: DeadlineMeta['timing']) => number;
  /** The reminders and escalations of a deadline due at `dueAt` (see versions.ts, scheduleRules). */
  timers: (meta: DeadlineMeta, dueAt: number) => DeadlineTimers;
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
    this.plan({ ...meta, dueAt: now + this.rules.days(meta.timing) * this.rules.dayMs }, now);
  }

  /**
   * Moves a watched deadline `days` later: its timers are planned again from the new date, and those
   * already past are not sent again. Returns the deadline before and after, or undefined if not watched.
   */
  extend(id: string, days: number, now: number): { before: DueDeadline; after: DueDeadline } | undefined {
    const before = this.deadlines.get(id);
    if (!before) return undefined;
    this.unwatch(id);
    const after = { ...before, dueAt: before.dueAt + days * this.rules.dayMs };
    this.plan(after, now);
    return { before, after };
  }

  private plan(deadline: DueDeadline, now: number): void {
    const { id } = deadline;
    this.deadlines.set(id, deadline);
    const timers = this.rules.timers(deadline, deadline.dueAt);
    for (const { at, daysBefore, workingDays } of timers.reminders) {
      if (at <= now) continue;
      const key = `reminder:${id}:${daysBefore}d`;
      const reminder = { key, at, kind: 'reminder' as const, deadline, daysBefore };
      this.wakeups.set(key, workingDays ? { ...reminder, workingDays } : reminder);
    }
    // The first level keeps the key it had before chains, so a one-level case's timers are unchanged.
    timers.escalations.forEach(({ at, to }, level) => {
      if (at <= now) return;
      const key = level === 0 ? `escalation:${id}` : `escalation:${id}:${level + 1}`;
      this.wakeups.set(key, { key, at, kind: 'escalation', deadline, ...(to ? { to } : {}) });
    });
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

  /** The timers still to fire, for staff to read (the `upcoming` query); changes nothing. */
  pending(): readonly Wakeup[] {
    return [...this.wakeups.values()];
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
