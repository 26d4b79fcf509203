import { ApplicationFailure, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR, type Role } from '../../domain/actor';
import type { AuditEntry, CaseView } from '../../domain/case-view';
import type { DocumentVerdict } from '../../domain/document';
import { CaseEvent } from '../../domain/events';
import { describeIssues, fieldIssues } from '../../domain/issues';
import type { StudentRecord } from '../../domain/student-record';
import type { OutgoingCaseInput, Recipient } from '../../machines/outgoing-case/context';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
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
import { attachRefusal, eligibilitySummary, windowRefusal } from './intake';
import { REFUSAL, type PartnerDocument, type RefusalDetails } from './messages';
import { Schedule, type Wakeup } from './schedule';

export interface PendingNotification {
  messageKey: string;
  template: string;
  to: Recipient;
  data: Record<string, string>;
}

type Attach = Extract<CaseEvent, { type: 'ATTACH_DOCUMENT' }>;
interface Transitioned {
  type: string;
  actor: { id: string; role: Role };
  reason?: string;
  note?: string;
}

const PARTNER_DOCUMENT_EVENTS = {
  invitationLetter: 'RECORD_INVITATION_LETTER',
  transcript: 'RECORD_PARTNER_TRANSCRIPT',
} as const;

/**
 * One case's live state inside the workflow: the machine snapshot, its audit trail, its timers and the
 * notifications waiting to be sent. Deterministic: time comes from the workflow clock.
 */
export class CaseRuntime {
  snapshot: OutgoingCaseSnapshot;
  readonly audit: AuditEntry[] = [];
  readonly schedule: Schedule;
  readonly outbox: PendingNotification[] = [];
  /** Bumped on every change, so the main loop knows to recompute its next wake-up. */
  version = 0;
  /** Set when the machine asks for the registrar's record; the workflow reads it and reports back. */
  private recordRequested = false;
  /** Uploads whose check is running: the same bytes sent again meanwhile are a duplicate too. */
  private readonly beingChecked = new Set<string>();
  private readonly indexed = workflowInfo().typedSearchAttributes.get(sa.CallId) !== undefined;

  constructor(private readonly input: OutgoingCaseInput) {
    this.schedule = new Schedule(input.policy.timings);
    const [snapshot, actions] = initialTransition(outgoingCaseMachine, input);
    this.snapshot = snapshot;
    this.afterTransition({ type: 'OPEN_CASE', actor: input.openedBy }, '(new)', actions);
  }

  get done(): boolean {
    return this.snapshot.status === 'done';
  }

  /** The update validator: refuses with a typed failure and changes nothing. */
  validate(raw: unknown): void {
    const parsed = CaseEvent.safeParse(raw);
    const state = leafPaths(this.snapshot.value);
    const allowed = allowedActions(this.snapshot);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error, '(event)');
      throw refusal(REFUSAL.invalidPayload, `invalid event: ${describeIssues(issues)}`, {
        state,
        allowed,
        issues,
      });
    }
    const event = parsed.data;
    const entry = allowed.find((a) => a.type === event.type);
    if (!entry) {
      const now = allowed.map((a) => `${a.type} (${a.roles.join(', ')})`).join(', ') || 'nothing';
      throw refusal(
        REFUSAL.actionNotAllowed,
        `${event.type} is not allowed in state ${state.join(', ')}; allowed now: ${now}`,
        { state, allowed },
      );
    }
    if (!entry.roles.includes(event.actor.role)) {
      throw refusal(
        REFUSAL.roleNotAllowed,
        `role ${event.actor.role} may not send ${event.type}; it is for: ${entry.roles.join(', ')}`,
        { state, allowed },
      );
    }
    const c = this.snapshot.context;
    if (event.type === 'SUBMIT_APPLICATION') {
      const closed = windowRefusal(c, Date.now());
      if (closed) throw refusal(REFUSAL.outsideWindow, closed.message, { state, allowed, ...closed });
    }
    if (event.type === 'ATTACH_DOCUMENT') {
      const issue = attachRefusal(c, event, this.beingChecked);
      if (issue) {
        throw refusal(REFUSAL.invalidPayload, `invalid event: ${describeIssues([issue])}`, {
          state,
          allowed,
          issues: [issue],
        });
      }
    }
  }

  /** A staff action that needs nothing from outside the machine; the submission is stamped with its time. */
  act(event: Exclude<CaseEvent, Attach>): void {
    if (event.type === 'SUBMIT_APPLICATION') this.step({ ...event, at: new Date().toISOString() }, event);
    else this.step(event, event);
  }

  /**
   * Runs `check` on an upload's bytes with the upload reserved, then records it with the verdict.
   * The reservation is taken before the first await, so an update validated meanwhile sees it.
   */
  async attachChecked(event: Attach, check: () => Promise<DocumentVerdict>): Promise<void> {
    const { sha256 } = event.document;
    this.beingChecked.add(sha256);
    try {
      this.attach(event, await check());
    } finally {
      this.beingChecked.delete(sha256);
    }
  }

  /**
   * An upload, with the verdict of its check. The case may have moved on while the bytes were checked:
   * then the upload is refused and nothing changes.
   */
  private attach(event: Attach, verdict: DocumentVerdict): void {
    const completed = { ...event, verdict, uploadedAt: new Date().toISOString() };
    if (!this.snapshot.can(completed)) {
      throw refusal(
        REFUSAL.actionNotAllowed,
        `the case moved on to ${this.here()} while the document was checked; it takes no uploads now`,
        { state: leafPaths(this.snapshot.value), allowed: allowedActions(this.snapshot) },
      );
    }
    const failed = verdict.reasons.filter((r) => !r.passed).map((r) => r.message);
    const reason = verdict.accepted
      ? `${verdict.kind} accepted`
      : `${verdict.kind} refused: ${failed.join('; ')}`;
    this.step(completed, { ...event, reason });
  }

  /** Hands over the machine's request for the registrar's record, once. */
  takeRecordRequest(): boolean {
    const requested = this.recordRequested;
    this.recordRequested = false;
    return requested;
  }

  studentRecordRead(record: StudentRecord): void {
    this.step(
      { type: 'STUDENT_RECORD_READ', actor: SYSTEM_ACTOR, record },
      {
        type: 'STUDENT_RECORD_READ',
        actor: SYSTEM_ACTOR,
        note: `record updated ${record.updatedAt}`,
      },
    );
  }

  studentRecordUnavailable(reason: string): void {
    const event = { type: 'STUDENT_RECORD_UNAVAILABLE' as const, actor: SYSTEM_ACTOR, reason };
    this.step(event, event);
  }

  /** A partner's document: applied when the case is waiting for it, otherwise noted and left. */
  partnerDocument(doc: PartnerDocument): void {
    const event = {
      type: PARTNER_DOCUMENT_EVENTS[doc.kind],
      actor: { id: doc.partnerId, role: 'partner' as const },
    };
    if (this.snapshot.can(event)) {
      this.step(event, event);
      return;
    }
    const here = this.here();
    this.appendAudit(
      {
        type: `PARTNER_DOCUMENT_NOTED:${doc.kind}`,
        actor: event.actor,
        reason: `not awaited in state ${here}`,
      },
      here,
      here,
    );
  }

  /** An email that could not be sent, after its retries: staff see it in the case history. */
  notificationFailed(n: PendingNotification, error: string): void {
    const here = this.here();
    this.appendAudit(
      { type: `NOTIFICATION_FAILED:${n.template}`, actor: SYSTEM_ACTOR, reason: `to ${n.to}: ${error}` },
      here,
      here,
    );
  }

  /** Fire every timer due by `now`: delayed machine events and reminders. */
  fireDue(now: number): void {
    for (const wakeup of this.schedule.takeDue(now)) this.fire(wakeup);
  }

  view(): CaseView {
    return caseView(this.snapshot, this.schedule.trackedDeadlines(), this.audit.length);
  }

  private fire(wakeup: Wakeup): void {
    if (wakeup.kind === 'machineEvent') {
      const delayName = wakeup.event.type.split('.')[2] ?? wakeup.event.type;
      this.step(wakeup.event as MachineEvent, { type: `DEADLINE_PASSED:${delayName}`, actor: SYSTEM_ACTOR });
      return;
    }
    const { deadline, daysBefore } = wakeup;
    const here = this.here();
    const seq = this.appendAudit(
      { type: `REMINDER:${deadline.id}:${daysBefore}d`, actor: SYSTEM_ACTOR },
      here,
      here,
    );
    this.enqueue(seq, 'deadlineReminder', deadline.responsible, {
      what: deadline.what,
      dueAt: new Date(deadline.dueAt).toISOString(),
      daysBefore: String(daysBefore),
    });
  }

  private step(event: MachineEvent, audited: Transitioned): void {
    const from = this.here();
    const before = eligibilitySummary(this.snapshot.context);
    const [next, actions] = transition(outgoingCaseMachine, this.snapshot, event);
    this.snapshot = next;
    this.afterTransition(audited, from, actions);
    const after = eligibilitySummary(next.context);
    if (after !== null && after !== before) {
      const here = this.here();
      this.appendAudit({ type: 'ELIGIBILITY_ASSESSED', actor: SYSTEM_ACTOR, reason: after }, here, here);
    }
  }

  private afterTransition(
    audited: Transitioned,
    from: string,
    actions: { type: string; params?: unknown }[],
  ): void {
    const now = Date.now();
    const seq = this.appendAudit(audited, from, this.here());
    for (const action of actions) this.carryOut(action, seq, now);
    this.schedule.syncDeadlines(this.done ? [] : activeDeadlines(this.snapshot), now);
    this.index();
  }

  /** The machine's actions that leave the machine: timers and notifications. */
  private carryOut(action: { type: string; params?: unknown }, seq: number, now: number): void {
    if (action.type === 'xstate.raise') {
      const p = action.params as { event: { type: string }; id?: string; delay?: number };
      if (typeof p.delay === 'number')
        this.schedule.addMachineEvent(p.id ?? p.event.type, now + p.delay, p.event);
    } else if (action.type === 'xstate.cancel') {
      this.schedule.cancel((action.params as { sendId: string }).sendId);
    } else if (action.type === 'readStudentRecord') {
      this.recordRequested = true;
    } else if (action.type === 'notify') {
      const p = action.params as { template: string; to: Recipient };
      this.enqueue(seq, p.template, p.to, {});
    }
  }

  private enqueue(seq: number, template: string, to: Recipient, data: Record<string, string>): void {
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
      },
    });
    this.version++;
  }

  /** The current leaf states, as the audit trail writes them. */
  private here(): string {
    return leafPaths(this.snapshot.value).join(',');
  }

  private appendAudit(e: Transitioned, from: string, to: string): number {
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
   * Keeps stage and next deadline searchable. A case started without search attributes (on a server
   * with no visibility store, like the time-skipping test server) is not indexed.
   */
  private index(): void {
    if (!this.indexed) return;
    const next = this.schedule.nextDeadline();
    upsertSearchAttributes([
      { key: sa.MobilityStage, value: stageOf(this.snapshot.value) },
      { key: sa.NextDeadline, value: next === undefined ? null : new Date(next) },
    ]);
  }

  outcome(): { caseId: string; state: string; outcome: OutgoingCaseSnapshot['context']['outcome'] } {
    return {
      caseId: this.input.caseId,
      state: stageOf(this.snapshot.value),
      outcome: this.snapshot.context.outcome,
    };
  }
}

function refusal(type: string, message: string, details: RefusalDetails): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: [details] });
}
