import { CaseEvent } from '../../domain/events';
import { describeIssues, fieldIssues } from '../../domain/issues';
import { REFUSAL, type Refusal } from './conditions';
import type { MachineEvent } from './events';
import { refusalOf } from './refusal';
import type { OutgoingCaseSnapshot } from './view';

/** The staff events whose moment the case keeps: the window rule, a check, a signature or a change. */
const STAMPED = new Set<CaseEvent['type']>([
  'SUBMIT_APPLICATION',
  'ATTACH_DOCUMENT',
  'SIGN_LEARNING_AGREEMENT',
  'REQUEST_LEARNING_AGREEMENT_CHANGE',
  'AGREE_LEARNING_AGREEMENT_CHANGE',
]);

/** A staff event as the machine receives it: stamped with the moment `at` it happened. */
export function stamped(event: CaseEvent, at: string): MachineEvent {
  return (STAMPED.has(event.type) ? { ...event, at } : event) as MachineEvent;
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
