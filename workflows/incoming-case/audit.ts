import { ApplicationFailure } from '@temporalio/workflow';
import { SYSTEM_ACTOR, type Role } from '../../domain/actor';
import type { IncomingAuditEntry, IncomingAuditEventName } from '../../domain/incoming';
import type { IncomingMachineEvent } from '../../machines/incoming-case/events';
import type { Refusal } from '../../machines/shared/refusal';
import type { IncomingWakeup } from './schedule';

/** What an audit line says of a step: the event, who, and why. Never a passport number. */
export interface Audited {
  type: IncomingAuditEventName;
  actor: { id: string; role: Role };
  reason?: string | null;
  note?: string | null;
}

/** Appends one line to the audit trail at the workflow's clock; returns its sequence number. */
export function appendLine(trail: IncomingAuditEntry[], e: Audited, from: string, to: string): number {
  const seq = trail.length + 1;
  trail.push({
    seq,
    at: new Date().toISOString(),
    actor: { id: e.actor.id, role: e.actor.role },
    event: e.type,
    from,
    to,
    reason: e.reason ?? null,
    note: e.note ?? null,
  });
  return seq;
}

interface Snap {
  value: unknown;
  status: string;
  context: unknown;
}

/** Whether a transition moved the case: another state, or a context field that holds something else now. */
export function changed(a: Snap, b: Snap): boolean {
  if (JSON.stringify(a.value) !== JSON.stringify(b.value) || a.status !== b.status) return true;
  if (a.context === b.context) return false;
  const ca = a.context as Record<string, unknown>;
  const cb = b.context as Record<string, unknown>;
  return Object.keys(cb).some((k) => ca[k] !== cb[k] && JSON.stringify(ca[k]) !== JSON.stringify(cb[k]));
}

/** A refusal as the update validator throws it: typed, non-retryable, with what a client shows. */
export function refusalFailure(
  r: Refusal,
  details: { state: string[]; allowed: { type: string; roles: string[] }[] },
): ApplicationFailure {
  return ApplicationFailure.create({
    type: r.type,
    message: r.message,
    nonRetryable: true,
    details: [{ ...details, ...(r.issues ? { issues: r.issues } : {}) }],
  });
}

/** A timer that fired, as the machine event it is and the audit line it writes. */
export function wakeupEvent(w: IncomingWakeup): [IncomingMachineEvent, Audited] {
  const due = `${w.deadline.id}: ${w.deadline.what}, due ${new Date(w.deadline.dueAt).toISOString()}`;
  if (w.kind === 'reminder') {
    const { deadline, daysBefore } = w;
    const event = { type: 'DEADLINE_REMINDER' as const, actor: SYSTEM_ACTOR, deadline, daysBefore };
    return [event, { type: event.type, actor: SYSTEM_ACTOR, note: `${due}, ${daysBefore} day(s) before` }];
  }
  const { deadline, to, workingDaysAfter } = w;
  const event = { type: 'DEADLINE_ESCALATION' as const, actor: SYSTEM_ACTOR, deadline, to, workingDaysAfter };
  const note = `${due}, escalated to ${to} ${workingDaysAfter} working day(s) after`;
  return [event, { type: event.type, actor: SYSTEM_ACTOR, note }];
}
