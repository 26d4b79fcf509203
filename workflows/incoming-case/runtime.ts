import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { instantMs } from '../../domain/calendar';
import type { DocumentVerdict } from '../../domain/document';
import type {
  IncomingActionResult,
  IncomingAuditEntry,
  IncomingCaseView,
  IncomingEvent,
  IncomingRecipient,
  IncomingTemplateName,
} from '../../domain/incoming';
import type { IncomingCaseInput } from '../../machines/incoming-case/context';
import {
  incomingDeadlineEffects,
  incomingEffectsOf,
  type IncomingActivityEffect,
  type IncomingEffect,
} from '../../machines/incoming-case/effects';
import type { IncomingMachineEvent } from '../../machines/incoming-case/events';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';
import { stampedIncoming, validateIncomingEvent } from '../../machines/incoming-case/validate';
import {
  incomingActiveDeadlines,
  incomingAllowedActions,
  leafPaths,
  stageOf,
  type IncomingCaseSnapshot,
} from '../../machines/incoming-case/view';
import { REFUSAL, type Refusal } from '../../machines/shared/refusal';
import * as sa from '../search-attributes';
import { appendLine, changed, refusalFailure, wakeupEvent, type Audited } from './audit';
import { messageData } from './mail';
import { IncomingSchedule } from './schedule';
import { incomingCaseView } from './view';

/** A message a transition asked for, keyed so the email activity sends it at most once. */
export interface IncomingNotification {
  messageKey: string;
  template: IncomingTemplateName;
  to: IncomingRecipient;
  data: Record<string, string>;
}

/**
 * One incoming case's live state inside the workflow: the machine snapshot, its audit trail, its timers
 * and the effects waiting to be carried out. Deterministic: time is the workflow's clock.
 */
export class IncomingRuntime {
  snapshot: IncomingCaseSnapshot;
  readonly audit: IncomingAuditEntry[] = [];
  readonly schedule: IncomingSchedule;
  readonly outbox: IncomingNotification[] = [];
  /** Activities asked for by transitions nobody awaits (timers, reports); see takeRequests. */
  private readonly requests: IncomingActivityEffect[] = [];
  /** Bumped on every change, so the main loop knows to recompute its next wake-up. */
  version = 0;
  private readonly indexing = workflowInfo().typedSearchAttributes.get(sa.PartnerId) !== undefined;
  private indexed = { stage: 'nominated', nextDeadline: null as number | null };

  constructor(private readonly input: IncomingCaseInput) {
    this.schedule = new IncomingSchedule(input.policy);
    const [snapshot, actions] = initialTransition(incomingCaseMachine, input);
    this.snapshot = snapshot;
    const note = `${input.partner.id} nominated for ${input.semester} at ${input.school}; ${input.visa.rule}`;
    this.apply({ type: 'NOMINATE', actor: input.openedBy, note }, '(new)', snapshot, actions, null, true);
  }

  get done(): boolean {
    return this.snapshot.status === 'done';
  }

  /** Why the machine refuses `raw` now (zod, then the machine's guards), or null. Changes nothing. */
  refusal(raw: unknown): Refusal | null {
    return validateIncomingEvent(this.snapshot, raw, new Date().toISOString());
  }

  /** The update validator: refuses with a typed failure, so a refused action leaves no trace. */
  validate(raw: unknown): void {
    const refused = this.refusal(raw);
    if (refused) throw this.failure(refused);
  }

  /** A validated action; returns the activities it asked for, which the update handler awaits. */
  act(event: IncomingEvent): IncomingActivityEffect[] {
    const reason = 'reason' in event ? event.reason : null;
    const audited = { type: event.type, actor: event.actor, reason, note: event.note };
    return this.take(this.step(stampedIncoming(event, new Date().toISOString()), audited));
  }

  takeRequests(): IncomingActivityEffect[] {
    return this.requests.splice(0);
  }

  /** An upload's check came back; if the case moved on meanwhile, the upload is refused. */
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

  documentCheckFailed(sha256: string): void {
    const event = { type: 'DOCUMENT_CHECK_FAILED' as const, actor: SYSTEM_ACTOR, sha256 };
    this.step(event, { type: event.type, actor: event.actor });
  }

  transcriptIssued(sha256: string): void {
    const event = { type: 'TRANSCRIPT_ISSUED' as const, actor: SYSTEM_ACTOR, sha256 };
    this.step(event, { type: event.type, actor: event.actor, note: `transcript PDF sha256 ${sha256}` });
  }

  transcriptFailed(reason: string): void {
    const event = { type: 'TRANSCRIPT_FAILED' as const, actor: SYSTEM_ACTOR, reason };
    this.step(event, { type: event.type, actor: event.actor, reason });
  }

  invitationLetterIssued(sha256: string): void {
    const event = { type: 'INVITATION_LETTER_ISSUED' as const, actor: SYSTEM_ACTOR, sha256 };
    this.step(event, {
      type: event.type,
      actor: event.actor,
      note: `invitation letter PDF sha256 ${sha256}`,
    });
  }

  invitationLetterFailed(reason: string): void {
    const event = { type: 'INVITATION_LETTER_FAILED' as const, actor: SYSTEM_ACTOR, reason };
    this.step(event, { type: event.type, actor: event.actor, reason });
  }

  /** A cancellation requested of the engine (Temporal UI or CLI), not through the case's own CANCEL. */
  engineCancelled(): void {
    const reason = 'cancellation requested of the Temporal engine (UI or CLI), not through the mobility API';
    const event = { type: 'ENGINE_CANCELLED' as const, actor: SYSTEM_ACTOR, reason };
    if (this.snapshot.can(event)) this.step(event, event);
  }

  /**
   * An email that could not be sent after its retries: staff see it in the case history, and a running
   * case keeps it for DI to resend. One audit line either way, as before resends existed, so recorded
   * histories replay.
   */
  notificationFailed(n: IncomingNotification, error: string): void {
    const audited = {
      type: 'NOTIFICATION_FAILED' as const,
      actor: SYSTEM_ACTOR,
      reason: `${n.template} to ${n.to}: ${error}`,
    };
    const message = { key: n.messageKey, template: n.template, to: n.to, data: n.data, error };
    const event = { type: 'NOTIFICATION_UNDELIVERED' as const, actor: SYSTEM_ACTOR, message };
    const lines = this.audit.length;
    if (this.snapshot.can(event)) this.step(event, audited);
    if (this.audit.length === lines) {
      const here = this.here();
      this.appendAudit(audited, here, here);
    }
  }

  /** Fires every timer due by `now`: reminders and escalations, each a machine event. */
  fireDue(now: number): void {
    for (const wakeup of this.schedule.takeDue(now)) this.step(...wakeupEvent(wakeup));
  }

  view(): IncomingCaseView {
    const deadlines = this.schedule.trackedDeadlines();
    return incomingCaseView(this.snapshot, deadlines, this.audit.length, new Date().toISOString());
  }

  result(sha256?: string): IncomingActionResult {
    const s = this.snapshot;
    const doc = sha256 ? s.context.documents.find((d) => d.document.sha256 === sha256) : undefined;
    return {
      caseId: this.input.caseId,
      status: s.status === 'done' ? 'done' : 'active',
      stage: stageOf(s.value),
      states: leafPaths(s.value),
      allowedActions: incomingAllowedActions(s, new Date().toISOString()),
      document: doc ? doc.verdict : null,
    };
  }

  outcome() {
    const { caseId } = this.input;
    return { caseId, state: stageOf(this.snapshot.value), outcome: this.snapshot.context.outcome };
  }

  private take({ effects }: { effects: IncomingEffect[] }): IncomingActivityEffect[] {
    const mine = effects.filter(isActivity);
    for (const e of mine) this.requests.splice(this.requests.indexOf(e), 1);
    return mine;
  }

  private step(event: IncomingMachineEvent, audited: Audited): { effects: IncomingEffect[] } {
    const from = this.here();
    const before = this.snapshot;
    const [next, actions] = transition(incomingCaseMachine, before, event);
    return this.apply(audited, from, next, actions, event, changed(before, next));
  }

  /** Carries out what a transition asked for; a step that changes nothing and asks nothing is not audited. */
  private apply(
    audited: Audited,
    from: string,
    next: IncomingCaseSnapshot,
    actions: { type: string; params?: unknown }[],
    event: IncomingMachineEvent | null,
    moved: boolean,
  ): { effects: IncomingEffect[] } {
    const before = this.schedule.trackedDeadlines();
    this.snapshot = next;
    const effects = [
      ...incomingEffectsOf(actions, event, next.context),
      ...incomingDeadlineEffects(before, this.done ? [] : incomingActiveDeadlines(next)),
    ];
    if (!moved && effects.length === 0) return { effects };
    const seq = this.appendAudit(audited, from, this.here());
    const now = Date.now();
    for (const effect of effects) this.carryOut(effect, seq, now);
    if (this.done) this.schedule.clear();
    this.index();
    return { effects };
  }

  private carryOut(effect: IncomingEffect, seq: number, now: number): void {
    switch (effect.type) {
      case 'notify': {
        const d = effect.deadline;
        return this.enqueue(seq, effect.template, effect.to, {
          ...(d ? { what: d.what, deadline: d.id, dueAt: new Date(d.dueAt).toISOString() } : {}),
          ...(effect.daysBefore !== undefined ? { daysBefore: String(effect.daysBefore) } : {}),
          ...(effect.workingDaysAfter !== undefined
            ? { workingDaysAfter: String(effect.workingDaysAfter) }
            : {}),
        });
      }
      case 'watchDeadline': {
        // The one-month promise runs from the complete application, which the same step recorded.
        const complete = this.snapshot.context.applicationCompleteAt;
        return this.schedule.watch(effect.deadline, complete ? instantMs(complete) : now, now);
      }
      case 'unwatchDeadline':
        return this.schedule.unwatch(effect.id);
      case 'extendDeadlines':
        return this.extendDeadlines(seq, effect, now);
      case 'resendMessage': {
        const { template, to, data } = effect.message;
        this.outbox.push({ messageKey: `${seq}-${template}-${to}`, template, to, data });
        this.version++;
        return;
      }
      default:
        this.requests.push(effect);
        this.version++;
    }
  }

  /**
   * The awaited invitations share one date, so whoever owes them gets one mail naming them all, with
   * the new date as a calendar event (the first deadline's, as the reminders carry it).
   */
  private extendDeadlines(
    seq: number,
    e: Extract<IncomingEffect, { type: 'extendDeadlines' }>,
    now: number,
  ): void {
    const moved = this.schedule.extendAll(e.days, now);
    for (const to of new Set(moved.map((m) => m.after.responsible))) {
      const theirs = moved.filter((m) => m.after.responsible === to);
      const { before, after } = theirs[0]!;
      this.enqueue(seq, 'deadlineExtended', to, {
        what: theirs.map((m) => m.after.what).join(' and '),
        deadline: after.id,
        dueAt: new Date(after.dueAt).toISOString(),
        previousDueAt: new Date(before.dueAt).toISOString(),
        days: String(e.days),
        extensionReason: e.reason,
      });
    }
  }

  private enqueue(
    seq: number,
    template: IncomingTemplateName,
    to: IncomingRecipient,
    data: Record<string, string>,
  ): void {
    this.outbox.push({
      messageKey: `${seq}-${template}-${to}`,
      template,
      to,
      data: { ...messageData(this.snapshot), ...data },
    });
    this.version++;
  }

  /** The current leaf states, as the audit trail writes them. */
  private here(): string {
    return leafPaths(this.snapshot.value).join(',');
  }

  private appendAudit(e: Audited, from: string, to: string): number {
    const seq = appendLine(this.audit, e, from, to);
    this.version++;
    return seq;
  }

  /** Keeps stage and next deadline searchable, writing only what changed (not on a server without them). */
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

  private failure(r: Refusal) {
    const allowed = incomingAllowedActions(this.snapshot, new Date().toISOString());
    return refusalFailure(r, { state: leafPaths(this.snapshot.value), allowed });
  }
}

const isActivity = (e: IncomingEffect): e is IncomingActivityEffect =>
  e.type === 'checkDocument' || e.type === 'issueTranscript' || e.type === 'issueInvitationLetter';
