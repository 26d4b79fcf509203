import { ActivityFailure, CancellationScope, log, proxyActivities } from '@temporalio/workflow';
import type { DocumentActivities } from '../../activities/documents/activities';
import type { EmailActivities } from '../../activities/email/activities';
import type { IncomingDocumentActivities } from '../../activities/incoming-documents/activities';
import { maskPassport } from '../../domain/incoming';
import type { IncomingCaseInput } from '../../machines/incoming-case/context';
import type { IncomingActivityEffect } from '../../machines/incoming-case/effects';
import { notificationActivityOptions } from '../outgoing-case/effect-runner';
import type { IncomingNotification, IncomingRuntime } from './runtime';

const { sendNotification } = proxyActivities<EmailActivities>(notificationActivityOptions);

const { checkDocument } = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['InvalidRequest', 'DocumentNotFound'],
  },
});

const { issueIncomingTranscript, issueIncomingInvitationLetter } =
  proxyActivities<IncomingDocumentActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
  });

const failureMessage = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);

/**
 * Where an incoming case's effects leave the workflow: the document check, the invitation letter and the
 * transcript report back to the machine; mails go from the outbox through the email activity, at most once
 * per message key.
 */
export class IncomingEffectRunner {
  private readonly deliveries: Promise<void>[] = [];

  constructor(
    private readonly rt: IncomingRuntime,
    private readonly input: IncomingCaseInput,
  ) {}

  /** Runs activities; one under way finishes and reports even if the engine cancels the case. */
  async run(effects: IncomingActivityEffect[]): Promise<void> {
    for (const effect of effects) await CancellationScope.nonCancellable(() => this.one(effect));
  }

  /** Sends what the outbox holds; a failed email is recorded on the case, never stops it. */
  deliverOutbox(): void {
    for (const n of this.rt.outbox.splice(0)) {
      this.deliveries.push(CancellationScope.nonCancellable(() => this.deliver(n)));
    }
  }

  async drained(): Promise<void> {
    await Promise.all(this.deliveries);
  }

  private async one(effect: IncomingActivityEffect): Promise<void> {
    const c = this.rt.snapshot.context;
    const studentName = `${c.student.givenName} ${c.student.familyName}`;
    if (effect.type === 'issueTranscript') {
      const made = issueIncomingTranscript({
        caseId: c.caseId,
        studentName,
        partnerName: c.partner.name,
        semester: c.semester,
        grades: c.grades ?? [],
        issuedAt: new Date().toISOString(),
      });
      return this.report(
        made,
        (sha) => this.rt.transcriptIssued(sha),
        (why) => this.rt.transcriptFailed(why),
      );
    }
    if (effect.type === 'issueInvitationLetter') {
      const made = issueIncomingInvitationLetter({
        caseId: c.caseId,
        studentName,
        birthDate: c.student.birthDate,
        citizenship: c.student.citizenship,
        passport: maskPassport(c.student.passport.number),
        partnerName: c.partner.name,
        semester: c.semester,
        school: c.school,
        level: c.student.level,
        field: c.student.field,
        visaRule: c.visa.rule,
        issuedAt: c.invitationLetterSentAt ?? new Date().toISOString(),
      });
      return this.report(
        made,
        (sha) => this.rt.invitationLetterIssued(sha),
        (why) => this.rt.invitationLetterFailed(why),
      );
    }
    const { sha256, kind } = effect;
    const verdict = await checkDocument({
      sha256,
      kind,
      applicationDate: new Date().toISOString().slice(0, 10),
      limits: this.input.policy.documents,
    }).catch((err: unknown) => {
      // The upload cannot be checked: it leaves the case as if never sent, and the caller is told why.
      this.rt.documentCheckFailed(sha256);
      throw err;
    });
    this.rt.documentChecked(sha256, verdict);
  }

  /** A PDF an activity makes: its hash, or why it could not be made, goes back to the machine. */
  private async report(
    made: Promise<{ sha256: string }>,
    issued: (sha256: string) => void,
    failed: (reason: string) => void,
  ): Promise<void> {
    try {
      issued((await made).sha256);
    } catch (err) {
      failed(failureMessage(err));
    }
  }

  private async deliver(n: IncomingNotification): Promise<void> {
    const { partner, caseId, policy } = this.input;
    // The student's address as the case holds it now: DI may have corrected it (RESEND_MESSAGE).
    const { student } = this.rt.snapshot.context;
    try {
      await sendNotification({
        caseId,
        student: { fullName: `${student.givenName} ${student.familyName}`, email: student.email },
        partnerContact: partner.contact,
        timeZone: policy.timeZone,
        ...n,
      });
    } catch (err) {
      const cause = failureMessage(err);
      log.error('notification not delivered', { messageKey: n.messageKey, error: cause });
      this.rt.notificationFailed(n, cause);
    }
  }
}
