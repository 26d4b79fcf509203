import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import { callWorkflowId } from '../../domain/call';
import { callJoinSignal, callLeaveSignal, callPartnerDeclinedSignal } from '../call/messages';
import type { DocumentActivities } from '../../activities/documents/activities';
import type { EmailActivities } from '../../activities/email/activities';
import type { StatementActivities } from '../../activities/statements/activities';
import type { StudentRecordActivities } from '../../activities/student-records/activities';
import type { ActivityEffect } from '../../machines/outgoing-case/effects';
import { applicationDate } from '../../machines/outgoing-case/rules';
import type { CaseRuntime, PendingNotification } from './runtime';
import { factsInline, type OutgoingCaseRun } from './versions';

/**
 * How a mail is retried: a 4xx, an outage or a dead worker again and again with backoff (the outbox keeps
 * every attempt to one delivery), a 5xx or a missing mailbox never.
 */
export const notificationActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 30,
    nonRetryableErrorTypes: ['UnknownTemplate', 'InvalidRecipient', 'PermanentSmtpFailure'],
  },
};

const { sendNotification } = proxyActivities<EmailActivities>(notificationActivityOptions);

const recordReadOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['StudentRecordNotFound'],
  },
} satisfies ActivityOptions & LocalActivityOptions;

const documentCheckOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['InvalidRequest', 'DocumentNotFound'],
  },
} satisfies ActivityOptions & LocalActivityOptions;

/** The facts an action waits for: the registrar's record and a document's check. */
type Facts = Pick<StudentRecordActivities, 'readStudentRecord'> & Pick<DocumentActivities, 'checkDocument'>;

/** Versions 1 and 2: activities scheduled through the server, as their recorded histories say. */
const scheduled: Facts = {
  readStudentRecord: proxyActivities<StudentRecordActivities>(recordReadOptions).readStudentRecord,
  checkDocument: proxyActivities<DocumentActivities>(documentCheckOptions).checkDocument,
};

/** Version 3 (factsInline): local activities, answered within the workflow task of the action. */
const inline: Facts = {
  readStudentRecord: proxyLocalActivities<StudentRecordActivities>(recordReadOptions).readStudentRecord,
  checkDocument: proxyLocalActivities<DocumentActivities>(documentCheckOptions).checkDocument,
};

/** Version 6: the credit transfer statement; a failure after the retries is reported, never lost. */
const { issueCreditTransferStatement } = proxyActivities<StatementActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['InvalidStatementRequest'],
  },
});

const failureMessage = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);

/**
 * The one place a case's effects leave the workflow, whatever caused the transition: activities the
 * machine asked for run here and report back to the machine; notifications are sent from the outbox.
 */
export class EffectRunner {
  private readonly deliveries: Promise<void>[] = [];
  private readonly facts: Facts;

  constructor(
    private readonly rt: CaseRuntime,
    private readonly input: OutgoingCaseRun,
  ) {
    this.facts = factsInline(input) ? inline : scheduled;
  }

  /** Runs activities and whatever they ask for in turn, until nothing is left. */
  async run(effects: ActivityEffect[]): Promise<void> {
    // A record read or a document check under way finishes and reports even if the engine cancels.
    for (const effect of effects)
      await this.run(await CancellationScope.nonCancellable(() => this.one(effect)));
  }

  /**
   * Sends what the outbox holds; a failed email is recorded on the case, never stops it. A mail already
   * on its way is not lost when the engine cancels the case: deliveries run in a non-cancellable scope.
   */
  deliverOutbox(): void {
    for (const n of this.rt.outbox.splice(0)) {
      this.deliveries.push(CancellationScope.nonCancellable(() => this.deliver(n)));
    }
    for (const s of this.rt.callOutbox.splice(0)) {
      this.deliveries.push(CancellationScope.nonCancellable(() => this.tellCall(s)));
    }
  }

  async drained(): Promise<void> {
    await Promise.all(this.deliveries);
  }

  private async one(effect: ActivityEffect): Promise<ActivityEffect[]> {
    if (effect.type === 'readStudentRecord') {
      try {
        return this.rt.studentRecordRead(await this.facts.readStudentRecord(effect.studentId));
      } catch (err) {
        return this.rt.studentRecordUnavailable(failureMessage(err));
      }
    }
    if (effect.type === 'issueCreditStatement') return this.issueStatement();
    const { sha256, kind, ieltsScore, ieltsTestDate, englishConfirmedByStaff } = effect;
    const verdict = await this.facts
      .checkDocument({
        sha256,
        kind,
        track: this.input.track,
        applicationDate: applicationDate(this.rt.snapshot.context, Date.now()),
        ieltsScore,
        ieltsTestDate,
        englishConfirmedByStaff,
        limits: this.input.policy.documents,
      })
      .catch((err: unknown) => {
        // The upload cannot be checked: it leaves the case as if never sent, and the caller is told why.
        this.rt.documentCheckFailed(sha256);
        throw err;
      });
    this.rt.documentChecked(sha256, verdict);
    return [];
  }

  /** The statement of the transfer the case computed, dated now (workflow time: the same on replay). */
  private async issueStatement(): Promise<ActivityEffect[]> {
    const c = this.rt.snapshot.context;
    if (!c.individualCurriculum || !c.creditTransfer)
      return this.rt.creditStatementFailed('the case has no computed credit transfer to state');
    try {
      const made = await issueCreditTransferStatement({
        caseId: c.caseId,
        student: { id: c.student.id, fullName: c.student.fullName },
        issuedAt: new Date().toISOString(),
        partnerName: c.partner?.name ?? '(no partner)',
        curriculum: c.individualCurriculum,
        transfer: c.creditTransfer,
        policyVersion: c.policy.version,
      });
      return this.rt.creditStatementIssued(made.sha256, made.size);
    } catch (err) {
      log.warn('credit transfer statement not issued', { caseId: c.caseId, error: failureMessage(err) });
      return this.rt.creditStatementFailed(failureMessage(err));
    }
  }

  /** Tells the case's call; a call that has ended takes nothing, and the case goes on. */
  private async tellCall(s: CaseRuntime['callOutbox'][number]): Promise<void> {
    const call = getExternalWorkflowHandle(callWorkflowId(s.callId));
    const caseId = this.input.caseId;
    try {
      if (s.signal === 'join') await call.signal(callJoinSignal, s.applicant!);
      else if (s.signal === 'leave') await call.signal(callLeaveSignal, { caseId, reason: s.reason! });
      else await call.signal(callPartnerDeclinedSignal, { caseId, reason: s.reason! });
    } catch (err) {
      log.warn('call not told', { callId: s.callId, signal: s.signal, error: String(err) });
    }
  }

  private async deliver(n: PendingNotification): Promise<void> {
    try {
      await sendNotification({
        caseId: this.input.caseId,
        // DI may have corrected the student's address (RESEND_MESSAGE): the case's copy is the current one.
        student: this.rt.snapshot.context.student,
        timeZone: this.input.policy.timeZone,
        ...n,
      });
    } catch (err) {
      const cause = failureMessage(err);
      log.error('notification not delivered', { messageKey: n.messageKey, error: cause });
      const permanent =
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === 'PermanentSmtpFailure';
      this.rt.notificationFailed(n, cause, permanent);
    }
  }
}
