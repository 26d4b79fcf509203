import type { SYSTEM_ACTOR } from '../../domain/actor';
import type { DocumentVerdict } from '../../domain/document';
import type { CaseEvent } from '../../domain/events';
import type { StudentRecord } from '../../domain/student-record';

type Staff<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
type System = typeof SYSTEM_ACTOR;

/**
 * What the machine receives: staff events as validated, two of them completed by the workflow with facts
 * from outside the machine (the moment of submission; a document's check), and the workflow's own reports.
 */
export type MachineEvent =
  | Exclude<CaseEvent, { type: 'SUBMIT_APPLICATION' | 'ATTACH_DOCUMENT' }>
  | (Staff<'SUBMIT_APPLICATION'> & { at: string })
  | (Staff<'ATTACH_DOCUMENT'> & { verdict: DocumentVerdict; uploadedAt: string })
  | { type: 'STUDENT_RECORD_READ'; actor: System; record: StudentRecord }
  | { type: 'STUDENT_RECORD_UNAVAILABLE'; actor: System; reason: string };
