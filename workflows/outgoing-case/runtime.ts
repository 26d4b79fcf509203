import { ApplicationFailure, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR, type Role } from '../../domain/actor';
import type { ActionResult, AuditEntry, AuditEventName, CaseView } from '../../domain/case-view';
import type { DocumentVerdict } from '../../domain/document';
import type { Addressee, Office, TemplateName } from '../../domain/notification';
import type { CaseEvent, PartnerDocument } from '../../domain/events';
import type { StudentRecord } from '../../domain/student-record';
import type { CallDecision } from '../../domain/call-applicant';
import { statementLines, tenge } from '../../domain/grant';
import { REFUSAL, type Refusal } from '../../machines/outgoing-case/conditions';
import {
  deadlineEffects,
  effectsOf,
  type ActivityEffect,
  type Effect,
} from '../../machines/outgoing-case/effects';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { refusalOf } from '../../machines/outgoing-case/refusal';
import { stamped, validateEvent } from '../../machines/outgoing-case/validate';
import {
  activeDeadlines,
  allowedActions,
  leafPaths,
  stageLabel,
  stageOf,
  type OutgoingCaseSnapshot,
} from '../../machines/outgoing-case/view';
import * as sa from '../search-attributes';
import { caseView } from './case-view';
import { eligibilitySummary } from './verdict';
import type { RefusalDetails } from './messages';
import { Schedule, type Wakeup } from './schedule';
import { newTasks, officeTasks } from './tasks';
import { scheduleRules, type Continued, type OutgoingCaseRun } from './versions';

export interface PendingNotification {
  messageKey: string;
  template: TemplateName;
  to: Addressee;
  data: Record<string, string>;
}

interface Audited {
  type: AuditEventName;
  actor: { id: string; role: Role };
  reason?: string | null;
  note?: string | null;
}

/** What one transition did: the effects it asked for, so the caller can wait for its own. */
interface Stepped {
  effects: Effect[];
}

/**
 * One case's live state inside the workflow: the machine snapshot, its audit trail, its timers and the
 * effects waiting to be carried out. Deterministic: time comes from the workflow clock.
 */
export class CaseRuntime {
  snapshot: OutgoingCaseSnapshot;
  readonly audit: AuditEntry[];
  readonly schedule: Schedule;
  readonly outbox: PendingNotification[] = [];
  /** Version 3: what the case tells its call (join, leave, a partner's refusal), in order. */
  readonly callOutbox: Extract<Effect, { type: 'signalCall' }>[] = [];
  /** Activities the machine asked for that nobody has started yet (see takeRequests). */
  private readonly requests: ActivityEffect[] = [];
  /** Bumped on every change, so the main loop knows to recompute its next wake-up. */
  version = 0;
  private readonly indexing = workflowInfo().typedSearchAttributes.get(sa.CallId) !== undefined;
  private indexed: Continued['indexed'];
  /** Version 3 mails each office the tasks a case waits for it with, and DI a mail the relay refused. */
  private readonly mailsOffices: boolean;
  /** What each office was last told it may do (a continued run's offices were told by the run before). */
  private tasks = new Map<Office, string[]>();

  constructor(private readonly input: OutgoingCaseRun) {
    this.schedule = new Schedule(scheduleRules(input), input.continued?.schedule);
    this.mailsOffices = (input.machineVersion ?? 1) >= 3;
    if (input.continued) {
      const { value, context, audit, indexed } = input.continued;
      this.snapshot = outgoingCaseMachine.resolveState({ value: value as never, context });
      this.audit = audit;
      this.indexed = indexed;
      this.tasks = officeTasks(this.snapshot);
      return;
    }
    this.audit = [];
    this.indexed = { stage: 'application', nextDeadline: null };
    const [snapshot, actions] = initialTransition(outgoingCaseMachine, input);
    this.snapshot = snapshot;
    this.apply({ type: 'OPEN_CASE', actor: input.openedBy }, '(new)', snapshot, actions, null, true);
  }

  get done(): boolean {
    return this.snapshot.status === 'done';
  }

  /** A staff event as the machine receives it: stamped with the moment it happened. */
  complete(event: CaseEvent): MachineEvent {
    return stamped(event, new Date().toISOString());
  }

  /** Why the machine refuses `raw` now (zod, then the machine's guards), or null. Changes nothing. */
  refusal(raw: unknown): Refusal | null {
    return validateEvent(this.snapshot, raw, new Date().toISOString());
  }

  /** The update validator: refuses with a typed failure, so a refused action leaves no trace. */
  validate(raw: unknown): void {
    const refused = this.refusal(raw);
    if (refused) throw this.failure(refused);
  }

  /** A validated staff action; returns the activities it asked for, which the update handler awaits. */
  act(event: CaseEvent): ActivityEffect[] {
    const machineEvent = this.complete(event);
    const reason = 'reason' in event ? event.reason : null;
    return this.take(
      this.step(machineEvent, { type: event.type, actor: event.actor, reason, note: event.note }),
    );
  }

  /** Activities asked for by transitions the caller did not start itself (signals, timers, reports). */
  takeRequests(): ActivityEffect[] {
    return this.requests.splice(0);
  }

  studentRecordRead(record: StudentRecord): ActivityEffect[] {
    const event = { type: 'STUDENT_RECORD_READ' as const, actor: SYSTEM_ACTOR, record };
    return this.take(this.step(event, { ...event, note: `record updated ${record.updatedAt}` }));
  }

  studentRecordUnavailable(reason: string): ActivityEffect[] {
    const event = { type: 'STUDENT_RECORD_UNAVAILABLE' as const, actor: SYSTEM_ACTOR, reason };
    return this.take(this.step(event, event));
  }

  /**
   * An upload's check came back. The case may have moved on meanwhile: then the upload is refused and
   * nothing of it stays.
   */
  documentChecked(sha256: string, verdict: DocumentVerdict): void {
    const event = { type: 'DOCUMENT_CHECKED' as const, actor: SYSTEM_ACTOR, sha256, verdict };
    const failed = verdict.reasons.filter((r) => !r.passed).map((r) => r.message);
    const reason = verdict.accepted
      ? `${verdict.kind} accepted`
      : `${verdict.kind} refused: ${failed.join('; ')}`;
    this.step(event, { type: event.type, actor: event.actor, reason });
    if (!this.snapshot.context.documents.some((d) => d.document.sha256 === sha256)) {
      throw this.failure({
        type: REFUSAL.actionNotAllowed,
        message: `the case moved on to ${this.here()} while the document was checked; it takes no uploads now`,
      });
    }
  }

  /** An upload whose check failed outright: it leaves the case as if never sent. */
  creditStatementIssued(sha256: string, size: number): ActivityEffect[] {
    const event = { type: 'CREDIT_STATEMENT_ISSUED' as const, actor: SYSTEM_ACTOR, sha256, size };
    return this.take(this.step(event, { type: event.type, actor: event.actor, note: `sha256 ${sha256}` }));
  }

  creditStatementFailed(reason: string): ActivityEffect[] {
    const event = { type: 'CREDIT_STATEMENT_FAILED' as const, actor: SYSTEM_ACTOR, reason };
    return this.take(this.step(event, event));
  }

  documentCheckFailed(sha256: string): void {
    const event = { type: 'DOCUMENT_CHECK_FAILED' as const, actor: SYSTEM_ACTOR, sha256 };
    this.step(event, { type: event.type, actor: event.actor });
  }

  /** A partner's document: taken when the case awaits it from that partner, otherwise noted and left. */
  partnerDocument(doc: PartnerDocument): void {
    const event = {
      type: 'PARTNER_DOCUMENT_RECEIVED' as const,
      actor: { id: doc.partnerId, role: 'partner' as const },
      kind: doc.kind,
    };
    const refused = refusalOf(this.snapshot, event, new Date().toISOString());
    if (!refused) {
      this.step(event, { ...event, note: doc.kind });
      return;
    }
    const here = this.here();
    this.appendAudit(
      { type: 'PARTNER_DOCUMENT_NOTED', actor: event.actor, reason: `${doc.kind}: ${refused.message}` },
      here,
      here,
    );
  }

  /** Version 3: the call's decision (selected, waitlisted, not selected), taken where the machine takes it. */
  callDecision(decision: CallDecision): void {
    const event = { type: 'CALL_DECISION' as const, actor: SYSTEM_ACTOR, decision, reason: decision.reason };
    if (refusalOf(this.snapshot, event, new Date().toISOString())) return;
    this.step(event, { type: event.type, actor: event.actor, reason: decision.reason });
  }

  /** A cancellation requested of the engine (Temporal UI or CLI), not through the case's own CANCEL. */
  engineCancelled(): void {
    const reason = 'cancellation requested of the Temporal engine (UI or CLI), not through the mobility API';
    const event = { type: 'ENGINE_CANCELLED' as const, actor: SYSTEM_ACTOR, reason };
    if (this.snapshot.can(event)) this.step(event, event);
  }

  /**
   * An email that could not be sent, after its retries: staff see it in the case history. A refusal
   * the relay will repeat (5xx) is also mailed to DI, who can fix the address.
   */
  notificationFailed(n: PendingNotification, error: string, permanent = false): void {
    const audited = {
      type: 'NOTIFICATION_FAILED' as const,
      actor: SYSTEM_ACTOR,
      reason: `${n.template} to ${n.to}: ${error}`,
    };
    // A running case keeps the message for DI to resend (one audit line, as before); a closed one notes it.
    const message = { key: n.messageKey, template: n.template, to: n.to, data: n.data, error };
    const event = { type: 'NOTIFICATION_UNDELIVERED' as const, actor: SYSTEM_ACTOR, message };
    const lines = this.audit.length;
    if (this.snapshot.can(event)) this.step(event, audited);
    if (this.audit.length === lines) {
      const here = this.here();
      this.appendAudit(audited, here, here);
    }
    const seq = this.audit.length;
    if (permanent && this.mailsOffices && n.to !== 'di_officer' && n.template !== 'deliveryFailed') {
      this.enqueue(seq, 'deliveryFailed', 'di_officer', {
        template: n.template,
        recipient: n.to,
        error,
        messageKey: n.messageKey,
      });
    }
  }

  /** Fire every timer due by `now`: reminders and escalations, each a machine event. */
  fireDue(now: number): void {
    for (const wakeup of this.schedule.takeDue(now)) this.step(...wakeupEvent(wakeup));
  }

  view(): CaseView {
    return caseView(
      this.snapshot,
      this.schedule.trackedDeadlines(),
      this.audit.length,
      new Date().toISOString(),
    );
  }

  /** The small answer to a staff action: where the case is, what may come next, what the action decided. */
  result(verdictBefore: string | null, sha256?: string): ActionResult {
    const s = this.snapshot;
    const verdict = eligibilitySummary(s.context);
    const doc = sha256 ? s.context.documents.find((d) => d.document.sha256 === sha256) : undefined;
    return {
      caseId: this.input.caseId,
      status: s.status === 'done' ? 'done' : 'active',
      stage: stageOf(s.value),
      states: leafPaths(s.value),
      allowedActions: allowedActions(s, new Date().toISOString()),
      eligibility:
        verdict !== null && verdict !== verdictBefore
          ? { eligible: s.context.eligibility?.eligible === true, summary: verdict }
          : null,
      document: doc ? doc.verdict : null,
    };
  }

  verdictSummary(): string | null {
    return eligibilitySummary(this.snapshot.context);
  }

  /** What the next run needs to go on exactly where this one stops. */
  carryOver(): Continued {
    const { value, context } = this.snapshot;
    return { value, context, audit: this.audit, schedule: this.schedule.state(), indexed: this.indexed };
  }

  outcome(): { caseId: string; state: string; outcome: OutgoingCaseSnapshot['context']['outcome'] } {
    return {
      caseId: this.input.caseId,
      state: stageOf(this.snapshot.value),
      outcome: this.snapshot.context.outcome,
    };
  }

  private take({ effects }: Stepped): ActivityEffect[] {
    const mine = effects.filter(isActivity);
    for (const e of mine) this.requests.splice(this.requests.indexOf(e), 1);
    return mine;
  }

  private step(event: MachineEvent, audited: Audited): Stepped {
    const from = this.here();
    const before = this.snapshot;
    const verdictBefore = eligibilitySummary(before.context);
    const [next, actions] = transition(outgoingCaseMachine, before, event);
    const stepped = this.apply(audited, from, next, actions, event, changed(before, next));
    const verdictAfter = eligibilitySummary(next.context);
    if (verdictAfter !== null && verdictAfter !== verdictBefore) {
      const here = this.here();
      this.appendAudit(
        { type: 'ELIGIBILITY_ASSESSED', actor: SYSTEM_ACTOR, reason: verdictAfter },
        here,
        here,
      );
    }
    return stepped;
  }

  /**
   * Carries out what a transition asked for, in the machine's order: notifications to the outbox,
   * activities to the request queue, deadlines to the schedule. A transition that changes nothing and
   * asks for nothing writes no audit line.
   */
  private apply(
    audited: Audited,
    from: string,
    next: OutgoingCaseSnapshot,
    actions: { type: string; params?: unknown }[],
    event: MachineEvent | null,
    moved: boolean,
  ): Stepped {
    const before = this.schedule.trackedDeadlines();
    this.snapshot = next;
    const effects = [
      ...effectsOf(actions, event, next.context),
      ...deadlineEffects(before, this.done ? [] : activeDeadlines(next)),
    ];
    if (!moved && effects.length === 0) return { effects };
    const seq = this.appendAudit(audited, from, this.here());
    const now = Date.now();
    // A message announcing a deadline goes out once the deadline is watched, so it knows the date.
    const announcing = (e: Effect) => e.type === 'notify' && e.dueOf !== undefined;
    for (const effect of effects.filter((e) => !announcing(e))) this.carryOut(effect, seq, now);
    for (const effect of effects.filter(announcing)) this.carryOut(effect, seq, now);
    if (this.done) this.schedule.clear();
    if (this.mailsOffices) this.tellOffices(seq);
    this.index();
    return { effects };
  }

  private carryOut(effect: Effect, seq: number, now: number): void {
    switch (effect.type) {
      case 'notify': {
        const due = effect.dueOf && this.schedule.trackedDeadlines().find((d) => d.id === effect.dueOf);
        return this.enqueue(seq, effect.template, effect.to, {
          ...effect.data,
          ...(due ? { what: due.what, dueAt: new Date(due.dueAt).toISOString() } : {}),
          ...(effect.deadline
            ? { what: effect.deadline.what, dueAt: new Date(effect.deadline.dueAt).toISOString() }
            : {}),
          ...(effect.daysBefore !== undefined ? { daysBefore: String(effect.daysBefore) } : {}),
          ...(effect.workingDays ? { workingDays: 'yes' } : {}),
        });
      }
      case 'watchDeadline':
        return this.schedule.watch(effect.deadline, now);
      case 'unwatchDeadline':
        return this.schedule.unwatch(effect.id);
      case 'extendDeadline':
        return this.extendDeadline(seq, effect, now);
      case 'resendMessage': {
        const { template, to, data } = effect.message;
        this.outbox.push({ messageKey: `${seq}-${template}-${to}`, template, to, data });
        this.version++;
        return;
      }
      case 'signalCall':
        this.callOutbox.push(effect);
        this.version++;
        return;
      default:
        this.requests.push(effect);
        this.version++;
    }
  }

  /** The deadline and its timers move; whoever owes it is told the new date, with a calendar event. */
  private extendDeadline(seq: number, e: Extract<Effect, { type: 'extendDeadline' }>, now: number): void {
    const moved = this.schedule.extend(e.id, e.days, now);
    if (!moved) return;
    const { before, after } = moved;
    this.enqueue(seq, 'deadlineExtended', after.responsible, {
      what: after.what,
      deadline: after.id,
      dueAt: new Date(after.dueAt).toISOString(),
      previousDueAt: new Date(before.dueAt).toISOString(),
      days: String(e.days),
      extensionReason: e.reason,
    });
  }

  private enqueue(seq: number, template: TemplateName, to: Addressee, data: Record<string, string>): void {
    const c = this.snapshot.context;
    this.outbox.push({
      messageKey: `${seq}-${template}-${to}`,
      template,
      to,
      data: {
        ...data,
        stage: stageLabel(this.snapshot),
        partner: c.partner?.name ?? '',
        reason: c.outcome?.reason ?? '',
        eligibility: eligibilitySummary(c) ?? '',
        decision: c.callDecision?.reason ?? '',
        grant: c.grantStatement ? statementLines(c.grantStatement).join('\n') : '',
        refund: c.grantStatement ? tenge(c.grantStatement.refund) : '',
      },
    });
    this.version++;
  }

  /** Each office the case now waits for with other tasks than before is mailed them, once. */
  private tellOffices(seq: number): void {
    const now = this.done ? new Map<Office, string[]>() : officeTasks(this.snapshot);
    for (const [office, events] of newTasks(this.tasks, now))
      this.enqueue(seq, 'taskAssigned', office, { actions: events.join(', ') });
    this.tasks = now;
  }

  /** The current leaf states, as the audit trail writes them. */
  private here(): string {
    return leafPaths(this.snapshot.value).join(',');
  }

  private appendAudit(e: Audited, from: string, to: string): number {
    const seq = this.audit.length + 1;
    this.audit.push({
      seq,
      at: new Date().toISOString(),
      actor: { id: e.actor.id, role: e.actor.role },
      event: e.type,
      from,
      to,
      reason: e.reason ?? null,
      note: e.note ?? null,
    });
    this.version++;
    return seq;
  }

  /**
   * Keeps stage and next deadline searchable, writing only what changed. A case started without search
   * attributes (on a server with no visibility store, like the time-skipping test server) is not indexed.
   */
  private index(): void {
    if (!this.indexing) return;
    const stage = stageOf(this.snapshot.value);
    const nextDeadline = this.schedule.nextDeadline() ?? null;
    const updates = [];
    if (stage !== this.indexed.stage) updates.push({ key: sa.MobilityStage, value: stage });
    if (nextDeadline !== this.indexed.nextDeadline) {
      updates.push({ key: sa.NextDeadline, value: nextDeadline === null ? null : new Date(nextDeadline) });
    }
    if (updates.length === 0) return;
    upsertSearchAttributes(updates);
    this.indexed = { stage, nextDeadline };
  }

  private failure(r: Refusal): ApplicationFailure {
    const details: RefusalDetails = {
      state: leafPaths(this.snapshot.value),
      allowed: allowedActions(this.snapshot, new Date().toISOString()),
      ...(r.issues ? { issues: r.issues } : {}),
      ...(r.nextWindow ? { nextWindow: r.nextWindow } : {}),
    };
    return ApplicationFailure.create({
      type: r.type,
      message: r.message,
      nonRetryable: true,
      details: [details],
    });
  }
}

const isActivity = (e: Effect): e is ActivityEffect =>
  e.type === 'readStudentRecord' || e.type === 'checkDocument' || e.type === 'issueCreditStatement';

function wakeupEvent(w: Wakeup): [MachineEvent, Audited] {
  const days =
    w.kind === 'reminder'
      ? `, ${w.daysBefore} ${w.workingDays ? 'working ' : ''}day(s) before`
      : w.to
        ? `, escalated to ${w.to}`
        : '';
  const note = `${w.deadline.id}: ${w.deadline.what}, due ${new Date(w.deadline.dueAt).toISOString()}${days}`;
  const event: MachineEvent =
    w.kind === 'reminder'
      ? {
          type: 'DEADLINE_REMINDER',
          actor: SYSTEM_ACTOR,
          deadline: w.deadline,
          daysBefore: w.daysBefore,
          ...(w.workingDays ? { workingDays: w.workingDays } : {}),
        }
      : {
          type: 'DEADLINE_ESCALATION',
          actor: SYSTEM_ACTOR,
          deadline: w.deadline,
          ...(w.to ? { to: w.to } : {}),
        };
  return [event, { type: event.type, actor: SYSTEM_ACTOR, note }];
}

/** Whether a transition moved the case: another state, or a context field that holds something else now. */
function changed(a: OutgoingCaseSnapshot, b: OutgoingCaseSnapshot): boolean {
  if (JSON.stringify(a.value) !== JSON.stringify(b.value) || a.status !== b.status) return true;
  if (a.context === b.context) return false;
  const ca = a.context as unknown as Record<string, unknown>;
  const cb = b.context as unknown as Record<string, unknown>;
  return Object.keys(cb).some((k) => ca[k] !== cb[k] && JSON.stringify(ca[k]) !== JSON.stringify(cb[k]));
}
