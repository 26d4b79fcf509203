import type { CaseTimings } from '../../domain/policy';
import type { DeadlineMeta } from '../../machines/outgoing-case/context';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Something the case must do at a moment in (workflow) time. */
export type Wakeup =
  | { key: string; at: number; kind: 'machineEvent'; event: { type: string } }
  | { key: string; at: number; kind: 'reminder'; deadline: TrackedDeadline; daysBefore: number };

export interface TrackedDeadline extends DeadlineMeta {
  dueAt: number;
}

/**
 * The case's timers as data: delayed machine events and deadline reminders. The workflow sleeps until
 * the earliest one; everything here is recomputed from the machine's state after every transition.
 */
export class Schedule {
  private wakeups = new Map<string, Wakeup>();
  private deadlines = new Map<string, TrackedDeadline>();

  constructor(private readonly timings: CaseTimings) {}

  addMachineEvent(key: string, at: number, event: { type: string }): void {
    this.wakeups.set(key, { key, at, kind: 'machineEvent', event });
  }

  cancel(key: string): void {
    this.wakeups.delete(key);
  }

  /** Start watching newly entered deadlines and drop those whose state was left. */
  syncDeadlines(active: DeadlineMeta[], now: number): void {
    const activeIds = new Set(active.map((d) => d.id));
    for (const id of [...this.deadlines.keys()]) {
      if (activeIds.has(id)) continue;
      this.deadlines.delete(id);
      for (const w of [...this.wakeups.values()]) {
        if (w.kind === 'reminder' && w.deadline.id === id) this.wakeups.delete(w.key);
      }
    }
    for (const meta of active) {
      if (this.deadlines.has(meta.id)) continue;
      const tracked = { ...meta, dueAt: now + this.timings[meta.timing] * DAY_MS };
      this.deadlines.set(meta.id, tracked);
      for (const daysBefore of this.timings.reminderDaysBefore) {
        const at = tracked.dueAt - daysBefore * DAY_MS;
        if (at <= now) continue;
        const key = `reminder:${meta.id}:${daysBefore}d`;
        this.wakeups.set(key, { key, at, kind: 'reminder', deadline: tracked, daysBefore });
      }
    }
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

  trackedDeadlines(): TrackedDeadline[] {
    return [...this.deadlines.values()].sort((a, b) => a.dueAt - b.dueAt);
  }

  nextDeadline(): number | undefined {
    return this.trackedDeadlines()[0]?.dueAt;
  }
}
