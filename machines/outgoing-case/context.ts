import type { Actor, Role } from '../../domain/actor';
import type { FundingTrack, Student } from '../../domain/case';
import type { PolicyRef } from '../../domain/policy';

export interface OutgoingCaseInput {
  caseId: string;
  student: Student;
  track: FundingTrack;
  callId: string;
  semester: string;
  channel: 'uninet' | 'email';
  policy: PolicyRef;
  openedBy: Actor;
}

export type OutcomeKind = 'withdrawn' | 'cancelled' | 'rejected';

export interface OutgoingCaseContext extends OutgoingCaseInput {
  partner: { id: string; name: string } | null;
  grantDisbursed: boolean;
  curriculum: { creditsPlanned: number; creditsRequired: number; retakeCourses: string[] } | null;
  credits: { creditsTransferred: number; retakeCourses: string[] } | null;
  learningAgreementChanges: number;
  outcome: { kind: OutcomeKind; reason: string; by: Actor } | null;
}

/** Who a notification is for: the case's student, or an office by its role. */
export type Recipient = 'student' | Exclude<Role, 'student' | 'system' | 'auditor' | 'partner'>;

/** A deadline a state watches, declared in the state's `meta`; the workflow turns it into timers. */
export interface DeadlineMeta {
  id: string;
  timing: 'invitationLetterDays' | 'returnDocumentsDays';
  responsible: Recipient;
  what: string;
}

export interface StateMeta {
  stage?: string;
  deadline?: DeadlineMeta;
}
