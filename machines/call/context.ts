import type { Actor } from '../../domain/actor';
import type { WorkingCalendar } from '../../domain/calendar';
import type { Call } from '../../domain/call';
import type { ApplicantResult, CallApplicant } from '../../domain/call-applicant';
import type { CallAction } from '../../domain/call-events';
import type { RankingCriterion } from '../../domain/policy';
import type { SYSTEM_ACTOR } from '../../domain/actor';
import type { Forced } from './allocation';

/** What a call pins when it opens: the call, the policy's ranking criteria and its offer period. */
export interface CallInput {
  call: Call;
  criteria: RankingCriterion[];
  /** The policy's working-day calendar: a waitlist offer stays open this many working days. */
  calendar: WorkingCalendar;
  offerWorkingDays: number;
  /** True: the call waits in draft until DI opens it. */
  draft: boolean;
}

/**
 * A row of the applicant table: the case's facts, and when it joined while the call was open (workflow
 * time; absent on rows carried over from runs before it was kept, and on late joins, which the audit
 * records as they come).
 */
export type ApplicantRow = CallApplicant & { joinedAt?: string };

/** A case that left while the call was open: its row is gone, so the audit keeps who, when and why. */
export interface LeftApplicant {
  caseId: string;
  studentId: string;
  joinedAt?: string;
  at: string;
  reason: string;
}

export interface CallContext extends CallInput {
  /** The applicant table: every case that joined, by case id. */
  applicants: Record<string, ApplicantRow>;
  /** Cases that left while the call was open, in order; absent in runs carried over from before it was kept. */
  left?: LeftApplicant[];
  /** Applicants that do not compete, with why (joined after the close, left before the ranking). */
  excluded: Record<string, string>;
  /** DI's overrides of the proposed allocation, each with its written reason. */
  forced: Record<string, Forced>;
  /** The proposal once ranked; after publication, the results as they stand (refills included). */
  results: ApplicantResult[] | null;
  /** Places an applicant may no longer be given: the partner declined the student. */
  declinedPlaces: Record<string, string[]>;
  closed: { at: string; by: Actor | typeof SYSTEM_ACTOR } | null;
  publishedAt: string | null;
  cancelled: { by: Actor; reason: string } | null;
}

type System = typeof SYSTEM_ACTOR;

/**
 * What the call's machine receives: staff and student actions stamped with their moment, and facts from
 * outside it: cases joining and leaving, a partner declining a student, and the call's own timers.
 */
export type CallEvent =
  | (CallAction & { at: string })
  | { type: 'JOIN'; actor: System; at: string; applicant: CallApplicant }
  | { type: 'LEAVE'; actor: System; at: string; caseId: string; reason: string }
  | { type: 'PARTNER_DECLINED'; actor: System; at: string; caseId: string; reason: string }
  | { type: 'DEADLINE'; actor: System; at: string }
  | { type: 'OFFER_EXPIRED'; actor: System; at: string; caseId: string };
export type CallEventType = CallEvent['type'];
