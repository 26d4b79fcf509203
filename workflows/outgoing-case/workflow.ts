import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { EmailActivities } from '../../activities/email/activities';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
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

/**
 * One outgoing mobility case, from application to closed. The XState machine decides; this workflow
 * receives staff actions as updates, keeps the audit trail, sleeps until the next timer and sends the
 * notifications the machine asks for.
 */
export async function outgoingCaseWorkflow(input: OutgoingCaseInput) {
  const rt = new CaseRuntime(input);
  setHandler(actUpdate, (event) => rt.act(event), { validator: (event) => rt.validate(event) });
  setHandler(viewQuery, () => rt.view());
  setHandler(auditQuery, () => rt.audit);
  setHandler(partnerDocumentSignal, (doc) => rt.partnerDocument(doc));

  const deliveries: Promise<void>[] = [];
  const deliver = async (n: PendingNotification): Promise<void> => {
    try {
      await sendNotification({ caseId: input.caseId, student: input.student, ...n });
    } catch (err) {
      // A lost email must not stop the case; it is recorded where staff read the case's history.
      const cause = err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);
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
