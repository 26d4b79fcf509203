import type { UpcomingMessage } from '../domain/case-messages';

/** What both kinds of case keep of a timer (workflows/*-case/schedule.ts). */
interface PendingWakeup {
  key: string;
  at: number;
  kind: 'reminder' | 'escalation';
  deadline: { id: string; what: string; dueAt: number; responsible: string };
  daysBefore?: number;
}

/**
 * A case's pending timers as staff read them, earliest first: a reminder goes to the deadline's
 * responsible, an escalation to whom `escalatedTo` names (each kind of case declares it its own way).
 */
export function upcomingOf<W extends PendingWakeup>(
  wakeups: Iterable<W>,
  escalatedTo: (w: Extract<W, { kind: 'escalation' }>) => string,
): UpcomingMessage[] {
  return [...wakeups]
    .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key))
    .map((w) => ({
      key: w.key,
      at: new Date(w.at).toISOString(),
      kind: w.kind,
      deadline: { id: w.deadline.id, what: w.deadline.what, dueAt: new Date(w.deadline.dueAt).toISOString() },
      daysBefore: w.kind === 'reminder' ? (w.daysBefore ?? null) : null,
      to:
        w.kind === 'reminder' ? w.deadline.responsible : escalatedTo(w as Extract<W, { kind: 'escalation' }>),
    }));
}
