import type { DocumentKind } from '../../domain/document';
import type { Addressee, TemplateName } from '../../domain/notification';
import type { DeadlineMeta, OutgoingCaseContext, UndeliveredMessage } from './context';
import type { DueDeadline, MachineEvent } from './events';
import type { CallApplicant } from '../../domain/call-applicant';
import { callApplicantOf } from './call-facts';
import { messageFields, type NotifyParams } from './announcements';

/**
 * What the machine asks the world to do, as data. The workflow carries out every one of them in one
 * place (workflows/outgoing-case/effect-runner.ts), whether an update, a signal or a timer caused the
 * transition; the machine itself never performs I/O.
 */
export type Effect =
  | {
      type: 'notify';
      template: TemplateName;
      to: Addressee;
      data?: Record<string, string>;
      dueOf?: DeadlineMeta['id'];
      deadline?: DueDeadline;
      daysBefore?: number;
      /** A reminder of a version-4 chain: its days before are working days. */
      workingDays?: true;
    }
  | { type: 'readStudentRecord'; studentId: string }
  | {
      type: 'checkDocument';
      sha256: string;
      kind: DocumentKind;
      ieltsScore?: number;
      ieltsTestDate?: string;
      englishConfirmedByStaff?: boolean;
    }
  | { type: 'watchDeadline'; deadline: DeadlineMeta }
  | { type: 'unwatchDeadline'; id: string }
  | { type: 'extendDeadline'; id: string; days: number; reason: string }
  | { type: 'resendMessage'; message: UndeliveredMessage }
  | {
      type: 'signalCall';
      callId: string;
      signal: 'join' | 'leave' | 'partnerDeclined';
      applicant?: CallApplicant;
      reason?: string;
    }
  | { type: 'issueCreditStatement' };

export type ActivityEffect = Extract<
  Effect,
  { type: 'readStudentRecord' | 'checkDocument' | 'issueCreditStatement' }
>;

type Action = { type: string; params?: unknown };

/** The effects among the actions a transition returned, in the order the machine listed them. */
export function effectsOf(
  actions: readonly Action[],
  event: MachineEvent | null,
  c: OutgoingCaseContext,
): Effect[] {
  const out: Effect[] = [];
  for (const action of actions) {
    if (action.type === 'notify') {
      const { template, to, since, fields, dueOf } = action.params as NotifyParams;
      // A case of an older version never sent this message, and its history must replay.
      if (since !== undefined && (c.machineVersion ?? 1) < since) continue;
      const data = fields ? messageFields(fields, c, event) : undefined;
      out.push({ type: 'notify', template, to, ...(data ? { data } : {}), ...(dueOf ? { dueOf } : {}) });
    } else if (action.type === 'issueCreditStatement') {
      out.push({ type: 'issueCreditStatement' });
    } else if (action.type === 'readStudentRecord') {
      out.push({ type: 'readStudentRecord', studentId: c.student.id });
    } else if (action.type === 'checkDocument' && event?.type === 'ATTACH_DOCUMENT') {
      const { sha256, kind } = event.document;
      out.push({
        type: 'checkDocument',
        sha256,
        kind,
        ieltsScore: event.ieltsScore,
        ieltsTestDate: event.ieltsTestDate,
        englishConfirmedByStaff: event.englishConfirmedByStaff,
      });
    } else if (action.type === 'joinCall' && (c.machineVersion ?? 1) >= 3) {
      out.push({ type: 'signalCall', callId: c.call.id, signal: 'join', applicant: callApplicantOf(c) });
    } else if (action.type === 'leaveCall' && (c.machineVersion ?? 1) >= 3 && c.joinedCall) {
      out.push({
        type: 'signalCall',
        callId: c.call.id,
        signal: 'leave',
        reason: c.outcome?.reason ?? 'the case ended',
      });
    } else if (action.type === 'reportPartnerDeclined' && (c.machineVersion ?? 1) >= 3) {
      const reason = event && 'reason' in event ? event.reason : 'the partner declined';
      out.push({ type: 'signalCall', callId: c.call.id, signal: 'partnerDeclined', reason });
    } else if (action.type === 'remindOfDeadline' && event?.type === 'DEADLINE_REMINDER') {
      const { deadline, daysBefore, workingDays } = event;
      out.push({
        type: 'notify',
        template: 'deadlineReminder',
        to: deadline.responsible,
        deadline,
        daysBefore,
        ...(workingDays ? { workingDays } : {}),
      });
    } else if (action.type === 'extendDeadline' && event?.type === 'EXTEND_DEADLINE') {
      const { id } = action.params as { id: string };
      out.push({ type: 'extendDeadline', id, days: event.days, reason: event.reason });
    } else if (action.type === 'resendMessage') {
      const { message } = action.params as { message?: UndeliveredMessage };
      if (message) out.push({ type: 'resendMessage', message });
    } else if (action.type === 'escalateDeadline' && event?.type === 'DEADLINE_ESCALATION') {
      // A level of a version-4 chain names its addressee; the state's declaration names the rest.
      const { deadline } = event;
      out.push({
        type: 'notify',
        template: deadline.escalation.template,
        to: event.to ?? deadline.escalation.to,
        deadline,
      });
    }
  }
  return out;
}

/** The timers a move between states starts and stops: a deadline is watched while a state declaring it is active. */
export function deadlineEffects(before: readonly DeadlineMeta[], after: readonly DeadlineMeta[]): Effect[] {
  const was = new Set(before.map((d) => d.id));
  const is = new Set(after.map((d) => d.id));
  return [
    ...before.filter((d) => !is.has(d.id)).map((d): Effect => ({ type: 'unwatchDeadline', id: d.id })),
    ...after.filter((d) => !was.has(d.id)).map((deadline): Effect => ({ type: 'watchDeadline', deadline })),
  ];
}
