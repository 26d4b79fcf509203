import type { SYSTEM_ACTOR } from '../../domain/actor';
import type { DocumentVerdict } from '../../domain/document';
import type { CaseEvent, PartnerDocument } from '../../domain/events';
import type { StudentRecord } from '../../domain/student-record';
import type { CallDecision } from '../../domain/call-applicant';
import type { DeadlineMeta, UndeliveredMessage } from './context';
import type { Addressee } from '../../domain/notification';

type Staff<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
type System = typeof SYSTEM_ACTOR;
/** Staff events the workflow completes with the moment they happened (validate.ts). */
type Stamped = 'SUBMIT_APPLICATION' | 'ATTACH_DOCUMENT';
/** Version 6 keeps when the learning agreement was signed and changed; older histories carry no moment. */
type Signed =
  'SIGN_LEARNING_AGREEMENT' | 'REQUEST_LEARNING_AGREEMENT_CHANGE' | 'AGREE_LEARNING_AGREEMENT_CHANGE';

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
  | Exclude<CaseEvent, { type: Stamped | Signed }>
  | (Staff<Stamped> & { at: string })
  | (Staff<Signed> & { at?: string })
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
  | { type: 'CALL_DECISION'; actor: System; decision: CallDecision; reason: string }
  | { type: 'CREDIT_STATEMENT_ISSUED'; actor: System; sha256: string; size: number }
  | { type: 'CREDIT_STATEMENT_FAILED'; actor: System; reason: string };

export type MachineEventType = MachineEvent['type'];
