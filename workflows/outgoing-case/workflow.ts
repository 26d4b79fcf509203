import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { DocumentActivities } from '../../activities/documents/activities';
import type { EmailActivities } from '../../activities/email/activities';
import type { StudentRecordActivities } from '../../activities/student-records/activities';
import { CaseEvent } from '../../domain/events';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
import { applicationDate } from '../../machines/outgoing-case/rules';
import { actUpdate, auditQuery, partnerDocumentSignal, viewQuery } from './messages';
import { CaseRuntime, type PendingNotification } from './runtime';

const { sendNotification } = proxyActivities<EmailActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 30,
    nonRetryableErrorTypes: ['UnknownTemplate', 'InvalidRecipient'],
  },
});

const { readStudentRecord } = proxyActivities<StudentRecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['StudentRecordNotFound'],
  },
});

const { checkDocument } = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['InvalidRequest', 'DocumentNotFound'],
  },
});

const failureMessage = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);

/**
 * One outgoing mobility case, from application to closed. The XState machine decides; this workflow
 * receives staff actions as updates, keeps the audit trail, sleeps until the next timer and sends the
 * notifications the machine asks for.
 */
export async function outgoingCaseWorkflow(input: OutgoingCaseInput) {
  const rt = new CaseRuntime(input);

  /** The machine asked for the registrar's record: read it and report what came back. */
  const answerRecordRequests = async (): Promise<void> => {
    while (rt.takeRecordRequest()) {
      try {
        rt.studentRecordRead(await readStudentRecord(input.student.id));
      } catch (err) {
        rt.studentRecordUnavailable(failureMessage(err));
      }
    }
  };

  setHandler(
    actUpdate,
    async (raw) => {
      const event = CaseEvent.parse(raw);
      if (event.type === 'ATTACH_DOCUMENT') {
        const { sha256, kind } = event.document;
        await rt.attachChecked(event, () =>
          checkDocument({
            sha256,
            kind,
            track: input.track,
            applicationDate: applicationDate(rt.snapshot.context, Date.now()),
            ieltsScore: event.ieltsScore,
            ieltsTestDate: event.ieltsTestDate,
            englishConfirmedByStaff: event.englishConfirmedByStaff,
            limits: input.policy.documents,
          }),
        );
      } else {
        rt.act(event);
      }
      await answerRecordRequests();
      return rt.view();
    },
    { validator: (event) => rt.validate(event) },
  );
  setHandler(viewQuery, () => rt.view());
  setHandler(auditQuery, () => rt.audit);
  setHandler(partnerDocumentSignal, (doc) => rt.partnerDocument(doc));

  const deliveries: Promise<void>[] = [];
  const deliver = async (n: PendingNotification): Promise<void> => {
    try {
      await sendNotification({ caseId: input.caseId, student: input.student, ...n });
    } catch (err) {
      // A lost email must not stop the case; it is recorded where staff read the case's history.
      const cause = failureMessage(err);
      log.error('notification not delivered', { messageKey: n.messageKey, error: cause });
      rt.notificationFailed(n, cause);
    }
  };

  for (;;) {
    for (const n of rt.outbox.splice(0)) deliveries.push(deliver(n));
    if (rt.done) break;
    const seen = rt.version;
    const changed = () => rt.version !== seen;
    const next = rt.schedule.nextAt();
    if (next === undefined) {
      await condition(changed);
    } else {
      const wait = next - Date.now();
      if (wait > 0) await condition(changed, wait);
      rt.fireDue(Date.now());
    }
  }
  await Promise.all(deliveries);
  await condition(allHandlersFinished);
  return rt.outcome();
}
