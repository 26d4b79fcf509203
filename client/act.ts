import { WorkflowUpdateStage, type Client, type WorkflowHandle } from '@temporalio/client';
import type { CaseEvent } from '../domain/events';
import { actUpdate } from '../workflows/outgoing-case/messages';

/** How long past `notAfter` the caller still listens for the acceptance: room for the answer's way back. */
const ANSWER_GRACE_MS = 2_000;

/**
 * Sends an action to a case and waits for its result. With `waitMs`, the case must take the action up
 * within that time; past it the caller stops waiting (read as "unavailable") and the case's validator
 * refuses the action if it reaches it later, so nothing is applied behind the caller's back. Once taken
 * up, the result is awaited however long the action's activities take.
 */
export async function sendAction(
  temporal: Client,
  handle: WorkflowHandle,
  event: CaseEvent,
  waitMs: number | undefined,
): Promise<unknown> {
  if (waitMs === undefined) return handle.executeUpdate(actUpdate, { args: [event] });
  const notAfter = Date.now() + waitMs;
  const accepted = await temporal.withDeadline(notAfter + ANSWER_GRACE_MS, () =>
    handle.startUpdate(actUpdate, {
      args: [event, { notAfter: new Date(notAfter).toISOString() }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    }),
  );
  return accepted.result();
}
