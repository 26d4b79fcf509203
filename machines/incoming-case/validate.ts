import { IncomingEvent } from '../../domain/incoming';
import { describeIssues, fieldIssues } from '../../domain/issues';
import { REFUSAL, type Refusal } from '../shared/refusal';
import type { IncomingMachineEvent } from './events';
import { incomingRefusalOf, type IncomingCaseSnapshot } from './view';

/** A staff event as the machine receives it: stamped with the moment `at` it happened. */
export const stampedIncoming = (event: IncomingEvent, at: string): IncomingMachineEvent => ({ ...event, at });

/**
 * The update validator, whole: the payload schema, then the machine. Why `raw` is refused at `at`, or
 * null when the case takes it. Pure, so it is tested without a workflow.
 */
export function validateIncomingEvent(s: IncomingCaseSnapshot, raw: unknown, at: string): Refusal | null {
  const parsed = IncomingEvent.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error, '(event)');
    return { type: REFUSAL.invalidPayload, message: `invalid event: ${describeIssues(issues)}`, issues };
  }
  return incomingRefusalOf(s, stampedIncoming(parsed.data, at), at);
}
