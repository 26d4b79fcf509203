import type { SYSTEM_ACTOR } from '../../domain/actor';
import type { DocumentVerdict } from '../../domain/document';
import type { CaseEvent, PartnerDocument } from '../../domain/events';
import type { StudentRecord } from '../../domain/student-record';
import type { CallDecision } from '../../domain/call-applicant';
import type { DeadlineMeta, UndeliveredMessage } from './context';
import type { Addressee } from '../../domain/notification';

type Staff<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
type System = typeof SYSTEM_ACTOR;

/** A watched deadline as the workflow's schedule tracks it: its declaration and when it falls due. */
export interface DueDeadline extends DeadlineMeta {
  dueAt: number;
}

/**
 * What the machine receives. Staff events arrive as validated, two of them completed by the workflow with
 * the moment they happened (a guard compares it with the application window; a check needs it), so every
 * reason to refuse one is decided by the machine's guards. The rest are facts from outside the machine:
 * the workflow's reports of its activities and timers, a partner's document, the engine's cancellation.
 */
export type MachineEvent =
  | Exclude<CaseEvent, { type: 'SUBMIT_APPLICATION' | 'ATTACH_DOCUMENT' }>
  | (Staff<'SUBMIT_APPLICATION'> & { at: string })
  | (Staff<'ATTACH_DOCUMENT'> & { at: string })
  | { type: 'DOCUMENT_CHECKED'; actor: System; sha256: string; verdict: DocumentVerdict }
  | { type: 'DOCUMENT_CHECK_FAILED'; actor: System; sha256: string }
  | { type: 'STUDENT_RECORD_READ'; actor: System; record: StudentRecord }
  | { type: 'STUDENT_RECORD_UNAVAILABLE'; actor: System; reason: string }
  | {
      type: 'PARTNER_DOCUMENT_RECEIVED';
      actor: { id: string; role: 'partner' };
      kind: PartnerDocument['kind'];
    }
  | {
      type: 'DEADLINE_REMINDER';
      actor: System;
      deadline: DueDeadline;
      daysBefore: number;
      workingDays?: true;
    }
  | { type: 'DEADLINE_ESCALATION'; actor: System; deadline: DueDeadline; to?: Addressee }
  | { type: 'ENGINE_CANCELLED'; actor: System; reason: string }
  | { type: 'NOTIFICATION_UNDELIVERED'; actor: System; message: UndeliveredMessage }
  | { type: 'CALL_DECISION'; actor: System; decision: CallDecision; reason: string };

export type MachineEventType = MachineEvent['type'];
