import { proxyActivities } from '@temporalio/workflow';
import type { EmailActivities, NotificationRequest } from '../../activities/email/activities';
import { notificationActivityOptions } from '../../workflows/outgoing-case/effect-runner';

// The case's retry policy; only the start-to-close timeout is shorter, so that an attempt whose worker
// died times out in seconds, not half a minute.
const { sendNotification } = proxyActivities<EmailActivities>({
  ...notificationActivityOptions,
  startToCloseTimeout: '4 seconds',
});

/** One mail, sent as a case sends its mails. */
export async function deliverWorkflow(n: NotificationRequest) {
  return sendNotification(n);
}
