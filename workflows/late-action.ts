import { ApplicationFailure } from '@temporalio/workflow';

/**
 * How long the caller waits for the case to take an action up: the validator refuses an action the case
 * reaches after `notAfter` (workflow time), so a caller told "unavailable" never finds it applied later.
 * Outgoing and incoming cases alike.
 */
export interface ActOptions {
  notAfter?: string;
}
/** The failure type of an action that reached the case after its caller had stopped waiting. */
export const LATE_ACTION = 'ActionAfterCallerGaveUp';

/** An action that reaches the case after its caller gave up waiting is not taken; the caller was told so. */
export function refuseIfLate(options: ActOptions | undefined): void {
  if (options?.notAfter === undefined || !(Date.now() > Date.parse(options.notAfter))) return;
  throw ApplicationFailure.nonRetryable(
    `the action reached the case after ${options.notAfter}, when its caller had stopped waiting; it was not applied`,
    LATE_ACTION,
  );
}
