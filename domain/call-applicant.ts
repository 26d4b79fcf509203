import { z } from 'zod';
import { Actor } from './actor';
import { Degree, Student } from './case';
import { Instant } from './eligibility';
import { IeltsBand } from './document';
import { CefrLevel } from './student-record';
import { Allowances } from './policy-tables';

/**
 * What a case tells its call when it joins the competition: its ranking facts (verdict, GPA, English
 * evidence, accepted social-priority documents, submission time) and the places it wants, best first.
 */
export const CallApplicant = z.strictObject({
  caseId: z.string(),
  studentId: Student.shape.id,
  fullName: Student.shape.fullName,
  school: Student.shape.school,
  degree: Degree,
  eligible: z.boolean(),
  gpa: z.number().min(0).max(4),
  english: z.strictObject({ cefr: CefrLevel.nullable(), ielts: IeltsBand.nullable() }),
  socialPriority: z.int().min(0),
  submittedAt: Instant,
  preferences: z.array(z.string()).max(20).describe('place ids of the call, best first; empty: any place'),
});
export type CallApplicant = z.infer<typeof CallApplicant>;

export const ResultOutcome = z.enum(['selected', 'waitlisted', 'not_selected']);
export type ResultOutcome = z.infer<typeof ResultOutcome>;

/** The one result every applicant of a call gets, with its rank and the reason. */
export const ApplicantResult = z.strictObject({
  caseId: z.string(),
  studentId: z.string(),
  fullName: z.string(),
  /** Among the call's ranked (eligible, in time) applicants; null for the others. */
  rank: z.int().min(1).nullable(),
  /** Why this applicant is above the next one: the first criterion that tells them apart. */
  rankReason: z.string().nullable(),
  outcome: ResultOutcome,
  placeId: z.string().nullable(),
  placeName: z.string().nullable(),
  partnerId: z.string().nullable(),
  allowances: Allowances.nullable(),
  waitlistPosition: z.int().min(1).nullable(),
  reason: z.string(),
  /** An open waitlist offer: the place, and when it lapses. */
  offer: z.strictObject({ placeId: z.string(), placeName: z.string(), expiresAt: Instant }).nullable(),
  overridden: z.strictObject({ by: Actor, reason: z.string() }).nullable(),
});
export type ApplicantResult = z.infer<typeof ApplicantResult>;

/** What the call tells a case of its result: the case's machine takes it as an event. */
export const CallDecision = ApplicantResult.pick({
  outcome: true,
  rank: true,
  placeId: true,
  placeName: true,
  partnerId: true,
  allowances: true,
  waitlistPosition: true,
  reason: true,
  offer: true,
}).extend({ callId: z.string() });
export type CallDecision = z.infer<typeof CallDecision>;
