import type { Actor, Role } from '../../domain/actor';
import type { DocumentLimits, DocumentVerdict, StoredDocument } from '../../domain/document';
import type { ChecklistItem } from '../../domain/document-checklist';
import type { GradingScale } from '../../domain/grading-scale';
import type { NominatedStudent, TranscriptGrade } from '../../domain/incoming';
import type { IncomingPartner } from '../../domain/incoming-partner';
import type { Course, IncomingPolicy } from '../../domain/incoming-policy';
import type {
  IncomingRecipient as Recipient,
  IncomingTemplateName as TemplateName,
} from '../../domain/incoming';
import type { VisaDecision } from '../../domain/visa';

/**
 * What an incoming case pins of the policy when it is nominated: the working calendar, the one-month
 * promise and its escalations, the checklist, the KBTU scale and the document limits. A `WorkingCalendar`.
 */
export interface IncomingCasePolicy extends Pick<
  IncomingPolicy,
  'invitationMonths' | 'reminderDaysBefore' | 'escalations' | 'stayDays'
> {
  version: string;
  timeZone: string;
  holidays: string[];
  workingWeekendDays: string[];
  requiredDocuments: ChecklistItem[];
  gradingScale: GradingScale;
  documents: DocumentLimits;
}

export interface IncomingCaseInput {
  caseId: string;
  student: NominatedStudent;
  partner: Pick<IncomingPartner, 'id' | 'name' | 'contact' | 'gradeTable'>;
  semester: string;
  /** The KBTU school that hosts the student. */
  school: string;
  /** KBTU's catalogue for the semester's term: what the disciplines list and the agreement draw from. */
  catalogue: Course[];
  /** Whether the citizenship needs a visa, decided at nomination under the pinned policy, with its rule. */
  visa: VisaDecision;
  policy: IncomingCasePolicy;
  openedBy: Actor;
  machineVersion: number;
}

export type OutcomeKind = 'withdrawn' | 'cancelled' | 'rejected';

export interface IncomingCaseContext extends IncomingCaseInput {
  disciplinesSentAt: string | null;
  documents: { document: StoredDocument; verdict: DocumentVerdict }[];
  checking: StoredDocument[];
  /** The courses proposed, and the schools whose dean's offices agreed them. */
  learningAgreement: { courses: string[]; agreedBy: string[] } | null;
  /** When the application became complete: the one-month promise runs from here. */
  applicationCompleteAt: string | null;
  invitationLetterSentAt: string | null;
  /** The letter as a PDF in the document store; null until made, and always in a version-1 case. */
  invitationLetterSha256: string | null;
  migrationInvitation: { reference: string; at: string } | null;
  arrivedAt: string | null;
  grades: TranscriptGrade[] | null;
  transcriptSha256: string | null;
  outcome: { kind: OutcomeKind; reason: string; by: { id: string; role: Role } } | null;
  /** Messages the relay refused or that ran out of retries, until DI resends them (RESEND_MESSAGE). */
  undelivered?: IncomingUndelivered[];
}

/** A message of the case that was not delivered, as the workflow queued it: resent as it was. */
export interface IncomingUndelivered {
  key: string;
  template: TemplateName;
  to: Recipient;
  data: Record<string, string>;
  error: string;
}

/** A deadline a state watches: due a policy number of months after the complete application. */
export interface IncomingDeadlineMeta {
  id: 'invitationLetter' | 'migrationInvitation';
  responsible: Recipient;
  what: string;
  escalationTemplate: TemplateName;
}

export interface IncomingStateMeta {
  stage?: string;
  deadline?: IncomingDeadlineMeta;
}
