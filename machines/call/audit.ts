import { SYSTEM_ACTOR } from '../../domain/actor';
import type { CallAuditEntry } from '../../domain/call-view';
import type { CallContext } from './context';

/** An audit line as the workflow records it: the student is looked up when the audit is read. */
export type RecordedAuditEntry = Omit<CallAuditEntry, 'studentId'>;

type Line = Omit<CallAuditEntry, 'seq'>;

/**
 * The joins and leaves of the open call, built from the applicant table rather than recorded one by one:
 * the table already carries them across continue-as-new, and thousands of audit lines would double what
 * each run hands to the next. Rows without a join time (kept before it was) have no join line.
 */
function openMembership(c: CallContext): Line[] {
  const line = (
    event: 'JOIN' | 'LEAVE',
    at: string,
    caseId: string,
    studentId: string,
    reason: string | null,
  ): Line => ({ at, actor: SYSTEM_ACTOR, event, from: 'open', to: 'open', caseId, studentId, reason });
  const joins = [
    ...(c.left ?? []).filter((l) => l.joinedAt),
    ...Object.values(c.applicants).filter((a) => a.joinedAt),
  ].map((a) => line('JOIN', a.joinedAt!, a.caseId, a.studentId, null));
  const leaves = (c.left ?? []).map((l) => line('LEAVE', l.at, l.caseId, l.studentId, l.reason));
  // Signals of one workflow task share its time: a case's join comes before its leave, then by case id.
  const order = (a: Line, b: Line) =>
    a.at.localeCompare(b.at) ||
    (a.caseId === b.caseId ? (a.event === 'JOIN' ? -1 : 1) : a.caseId!.localeCompare(b.caseId!));
  return [...joins, ...leaves].sort(order);
}

/**
 * The call's audit trail as staff read it: the recorded lines, with the open call's joins and leaves
 * after the line that opened it (nothing else is recorded while the call is open), numbered in order,
 * and each case's student named.
 */
export function callAuditOf(recorded: readonly RecordedAuditEntry[], c: CallContext): CallAuditEntry[] {
  const studentOf = new Map<string, string>();
  for (const l of c.left ?? []) studentOf.set(l.caseId, l.studentId);
  for (const a of Object.values(c.applicants)) studentOf.set(a.caseId, a.studentId);
  const named: Line[] = recorded.map((e) => ({
    at: e.at,
    actor: e.actor,
    event: e.event,
    from: e.from,
    to: e.to,
    caseId: e.caseId,
    studentId: e.caseId ? (studentOf.get(e.caseId) ?? null) : null,
    reason: e.reason,
  }));
  const opened = named.findIndex((e) => e.to === 'open');
  const at = opened < 0 ? named.length : opened + 1;
  const lines = [...named.slice(0, at), ...openMembership(c), ...named.slice(at)];
  return lines.map((e, i) => ({ seq: i + 1, ...e }));
}
