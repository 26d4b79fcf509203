import { deadlineChanges } from '../shared/deadlines';
import type { DocumentKind } from '../../domain/document';
import type {
  IncomingRecipient as Recipient,
  IncomingTemplateName as TemplateName,
} from '../../domain/incoming';
import type { IncomingCaseContext, IncomingDeadlineMeta, IncomingUndelivered } from './context';
import type { IncomingDueDeadline, IncomingMachineEvent } from './events';

/** What the incoming machine asks the world to do, as data; the workflow's runner carries it out. */
export type IncomingEffect =
  | {
      type: 'notify';
      template: TemplateName;
      to: Recipient;
      deadline?: IncomingDueDeadline;
      daysBefore?: number;
      workingDaysAfter?: number;
    }
  | { type: 'checkDocument'; sha256: string; kind: DocumentKind }
  | { type: 'issueTranscript' }
  | { type: 'issueInvitationLetter' }
  | { type: 'watchDeadline'; deadline: IncomingDeadlineMeta }
  | { type: 'unwatchDeadline'; id: string }
  | { type: 'extendDeadlines'; days: number; reason: string }
  | { type: 'resendMessage'; message: IncomingUndelivered };

export type IncomingActivityEffect = Extract<
  IncomingEffect,
  { type: 'checkDocument' | 'issueTranscript' | 'issueInvitationLetter' }
>;

type Action = { type: string; params?: unknown };

/** The effects among the actions a transition returned, in the order the machine listed them. */
export function incomingEffectsOf(
  actions: readonly Action[],
  event: IncomingMachineEvent | null,
  _c: IncomingCaseContext,
): IncomingEffect[] {
  const out: IncomingEffect[] = [];
  for (const action of actions) {
    if (action.type === 'notify') {
      const p = action.params as { template: TemplateName; to: Recipient };
      out.push({ type: 'notify', template: p.template, to: p.to });
    } else if (action.type === 'checkDocument' && event?.type === 'ATTACH_DOCUMENT') {
      out.push({ type: 'checkDocument', sha256: event.document.sha256, kind: event.document.kind });
    } else if (action.type === 'issueTranscript') {
      out.push({ type: 'issueTranscript' });
    } else if (action.type === 'issueInvitationLetter') {
      out.push({ type: 'issueInvitationLetter' });
    } else if (action.type === 'remindOfDeadline' && event?.type === 'DEADLINE_REMINDER') {
      const { deadline, daysBefore } = event;
      out.push({
        type: 'notify',
        template: 'deadlineReminder',
        to: deadline.responsible,
        deadline,
        daysBefore,
      });
    } else if (action.type === 'extendDeadlines' && event?.type === 'EXTEND_DEADLINE') {
      out.push({ type: 'extendDeadlines', days: event.days, reason: event.reason });
    } else if (action.type === 'resendMessage') {
      const { message } = action.params as { message?: IncomingUndelivered };
      if (message) out.push({ type: 'resendMessage', message });
    } else if (action.type === 'escalateDeadline' && event?.type === 'DEADLINE_ESCALATION') {
      const { deadline, to, workingDaysAfter } = event;
      out.push({ type: 'notify', template: deadline.escalationTemplate, to, deadline, workingDaysAfter });
    }
  }
  return out;
}

/** A deadline is watched while a state declaring it is active. */
export function incomingDeadlineEffects(
  before: readonly { id: string }[],
  after: readonly IncomingDeadlineMeta[],
): IncomingEffect[] {
  const { unwatch, watch } = deadlineChanges(before, after);
  return [
    ...unwatch.map((id): IncomingEffect => ({ type: 'unwatchDeadline', id })),
    ...watch.map((deadline): IncomingEffect => ({ type: 'watchDeadline', deadline })),
  ];
}
