import { CaseEvent } from '../../domain/events';
import { describeIssues, fieldIssues } from '../../domain/issues';
import { REFUSAL, type Refusal } from './conditions';
import type { MachineEvent } from './events';
import { refusalOf } from './refusal';
import type { OutgoingCaseSnapshot } from './view';

/** A staff event as the machine receives it: stamped with the moment `at` it happened. */
export function stamped(event: CaseEvent, at: string): MachineEvent {
  if (event.type === 'SUBMIT_APPLICATION' || event.type === 'ATTACH_DOCUMENT') return { ...event, at };
  return event;
}

/**
 * The update validator, whole: the payload schema, then the machine. Why `raw` is refused at `at`, or
 * null when the case takes it. Pure, so it is tested without a workflow.
 */
export function validateEvent(s: OutgoingCaseSnapshot, raw: unknown, at: string): Refusal | null {
  const parsed = CaseEvent.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error, '(event)');
    return { type: REFUSAL.invalidPayload, message: `invalid event: ${describeIssues(issues)}`, issues };
  }
  return refusalOf(s, stamped(parsed.data, at), at);
}
