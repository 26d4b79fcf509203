import type { Actor, Role } from '../../domain/actor';
import type { FundingTrack, Student } from '../../domain/case';
import type { DocumentVerdict, StoredDocument } from '../../domain/document';
import type { EligibilityCall, EligibilityFacts, EligibilityVerdict } from '../../domain/eligibility';
import type { CasePolicy } from '../../domain/policy';
import type { Addressee, Recipient, TemplateName } from '../../domain/notification';
import type { StudentRecord } from '../../domain/student-record';
import type { CallDecision } from '../../domain/call-applicant';
import type { GrantReconciliation } from '../../domain/grant';
import type { Allowances } from '../../domain/policy-tables';
import type { IndividualCurriculum } from '../../domain/curriculum-rules';
import type { CreditTransfer } from '../../domain/transcript';
import type { LearningAgreement } from '../../domain/learning-agreement';

export interface OutgoingCaseInput {
  caseId: string;
  student: Student;
  track: FundingTrack;
  /** The call the application answers, as it was when the case opened (its id, semester and dates). */
  call: EligibilityCall;
  channel: 'uninet' | 'email';
  /** The policy in force when the case opened: every rule of the case reads this copy. */
  policy: CasePolicy;
  openedBy: Actor;
  /**
   * The machine version the case runs, fixed when it opens (see README, "Cases outlive code"). Cases
   * opened before versions existed carry none and run as version 1.
   */
  machineVersion?: number;
  /** The places of the call the student wants, best first (version 3: sent to the call on joining it). */
  preferences?: string[];
  /**
   * Demonstration only (DEMO_DAY_SECONDS): a day of the case's deadlines lasts this many milliseconds,
   * and working days count as days, so a demo shows a deadline's mails in minutes.
   */
  dayMs?: number;
}

export type OutcomeKind = 'withdrawn' | 'cancelled' | 'rejected';

/** A document the case holds: its metadata (the bytes stay in the document store) and its check. */
export interface CaseDocument {
  document: StoredDocument;
  verdict: DocumentVerdict;
}

export interface OutgoingCaseContext extends OutgoingCaseInput {
  /** When the application was submitted: the moment every eligibility rule is evaluated at. */
  appliedAt: string | null;
  /** The registrar's record as last read, and why it could not be read, if it could not. */
  record: StudentRecord | null;
  recordProblem: string | null;
  /** English evidence from outside the registrar's record. */
  english: Pick<EligibilityFacts, 'ielts' | 'auditionPassed'>;
  /** The explained verdict, re-evaluated whenever the record or the English evidence changes. */
  eligibility: EligibilityVerdict | null;
  documents: CaseDocument[];
  /** Uploads whose check is running: the same bytes again meanwhile are a duplicate too. */
  checking: StoredDocument[];
  /** Checklist items staff confirmed by hand (the MSHE paper folder). */
  confirmedItems: string[];
  partner: { id: string; name: string } | null;
  grantDisbursed: boolean;
  /** Finance confirmed that disbursed funds are settled after an early end. */
  fundsReconciled: boolean;
  curriculum: { creditsPlanned: number; creditsRequired: number; retakeCourses: string[] } | null;
  credits: { creditsTransferred: number; retakeCourses: string[] } | null;
  learningAgreementChanges: number;
  outcome: { kind: OutcomeKind; reason: string; by: { id: string; role: Role } } | null;
  /** Version 3: the case joined its call's competition (on DI's confirmation). */
  joinedCall?: boolean;
  /** Version 3: what the call last told the case (selected, waitlisted with or without an offer, not selected). */
  callDecision?: CallDecision | null;
  /** Version 4: the allowances paid out per category, and the MSHE region they are from. */
  grant?: { region: string | null; allowances: Allowances } | null;
  /** Version 4: the financial report against those allowances, per category; integer tenge. */
  grantStatement?: GrantReconciliation | null;
  /** Version 4: finance confirmed the refund of the unspent allowances. */
  refundConfirmed?: boolean;
  /** The individual curriculum the dean's office agreed, computed from matches and the stored curricula. */
  individualCurriculum?: IndividualCurriculum | null;
  /** The partner's graded transcript converted and credited against that curriculum. */
  creditTransfer?: CreditTransfer | null;
  /** Version 6: every version of the learning agreement, oldest first; the last is in force. */
  learningAgreements?: LearningAgreement[];
  /** Version 6: a change during mobility waiting for the institutions' signatures, with its new plan. */
  learningAgreementChange?: { plan: IndividualCurriculum; agreement: LearningAgreement } | null;
  /** Version 6: the credit transfer statement (PDF) the case issued into the document store on approval. */
  creditStatement?: { sha256: string; size: number } | null;
  /** Version 6: why the statement could not be made the last time; the dean's office approves again. */
  creditStatementProblem?: string | null;
  /** Messages the relay refused or that ran out of retries, until DI resends them (RESEND_MESSAGE). */
  undelivered?: UndeliveredMessage[];
}

/** A message of the case that was not delivered, as the workflow queued it: resent as it was. */
export interface UndeliveredMessage {
  key: string;
  template: TemplateName;
  to: Addressee;
  data: Record<string, string>;
  error: string;
}

export type { Recipient };

/** A deadline a state watches, declared in the state's `meta`; the workflow turns it into timers. */
export interface DeadlineMeta {
  id: string;
  timing: 'invitationLetterDays' | 'returnDocumentsDays' | 'refundDays';
  responsible: Recipient;
  what: string;
  /** Who is told once the deadline has passed by the policy's grace period, and with which message. */
  escalation: { to: Recipient; template: TemplateName };
  /** The machine version the deadline came with: an older case's state watches nothing, as it always did. */
  since?: number;
}

export interface StateMeta {
  stage?: string;
  deadline?: DeadlineMeta;
}
