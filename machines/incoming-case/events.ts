import type { SYSTEM_ACTOR } from '../../domain/actor';
import type { DocumentVerdict } from '../../domain/document';
import type { IncomingEvent } from '../../domain/incoming';
import type { IncomingRecipient as Recipient } from '../../domain/incoming';
import type { IncomingDeadlineMeta, IncomingUndelivered } from './context';

type System = typeof SYSTEM_ACTOR;

/** A watched deadline as the workflow's schedule tracks it. */
export type IncomingDueDeadline = IncomingDeadlineMeta & { dueAt: number };

/**
 * What the machine receives: staff events stamped with the moment they happened (the agreement, the
 * completion of the application and the arrival are recorded at it), and the workflow's reports.
 */
export type IncomingMachineEvent =
  | (IncomingEvent & { at: string })
  | { type: 'DOCUMENT_CHECKED'; actor: System; sha256: string; verdict: DocumentVerdict }
  | { type: 'DOCUMENT_CHECK_FAILED'; actor: System; sha256: string }
  | { type: 'TRANSCRIPT_ISSUED'; actor: System; sha256: string }
  | { type: 'TRANSCRIPT_FAILED'; actor: System; reason: string }
  | { type: 'INVITATION_LETTER_ISSUED'; actor: System; sha256: string }
  | { type: 'INVITATION_LETTER_FAILED'; actor: System; reason: string }
  | { type: 'DEADLINE_REMINDER'; actor: System; deadline: IncomingDueDeadline; daysBefore: number }
  | {
      type: 'DEADLINE_ESCALATION';
      actor: System;
      deadline: IncomingDueDeadline;
      to: Recipient;
      workingDaysAfter: number;
    }
  | { type: 'ENGINE_CANCELLED'; actor: System; reason: string }
  | { type: 'NOTIFICATION_UNDELIVERED'; actor: System; message: IncomingUndelivered };

export type IncomingMachineEventType = IncomingMachineEvent['type'];
