import {
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { LATE_ACTION, type ActOptions } from '../workflows/late-action';
import { CaseError, temporalUnavailable } from './errors';

/** How long past `notAfter` the caller still listens for the acceptance: room for the answer's way back. */
const ANSWER_GRACE_MS = 2_000;

/**
 * Sends an action to a case (outgoing or incoming: each names its `act` update) and waits for its result.
 * With `waitMs`, the case must take the action up within that time; past it the caller stops waiting
 * (read as "unavailable") and the case's validator refuses the action if it reaches it later, so nothing
 * is applied behind the caller's back. Once taken up, the result is awaited however long the action's
 * activities take.
 */
export async function sendAction<Result, Event>(
  temporal: Client,
  handle: WorkflowHandle,
  update: UpdateDefinition<Result, [Event, ActOptions?]>,
  event: Event,
  waitMs: number | undefined,
): Promise<Result> {
  if (waitMs === undefined) return handle.executeUpdate(update, { args: [event] });
  const notAfter = Date.now() + waitMs;
  const accepted = await temporal.withDeadline(notAfter + ANSWER_GRACE_MS, () =>
    handle.startUpdate(update, {
      args: [event, { notAfter: new Date(notAfter).toISOString() }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    }),
  );
  return accepted.result();
}

/**
 * The refusal a caller reads when the case did not take its action up in time: the server or the case's
 * worker unavailable, or the action reaching the case after `notAfter`. Undefined for any other failure.
 */
export function notTakenInTime(caseId: string, err: unknown): CaseError | undefined {
  const late =
    err instanceof WorkflowUpdateFailedError &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === LATE_ACTION;
  if (!late && !temporalUnavailable(err)) return undefined;
  return new CaseError(
    'unavailable',
    `case ${caseId} did not answer in time (the Temporal server or the case's worker is unavailable); an action was not applied and will not be; try again`,
  );
}
