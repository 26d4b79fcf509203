import { z } from 'zod';
import { Actor } from './actor';

export const FundingTrack = z.enum(['self_funded', 'mshe', 'erasmus']);
export type FundingTrack = z.infer<typeof FundingTrack>;

export const Degree = z.enum(['bachelor', 'master']);
export const StudyBasis = z.enum(['state_grant', 'paid']);
export const ApplicationChannel = z.enum(['uninet', 'email']);

export const Student = z.object({
  id: z.string().regex(/^[A-Za-z0-9]{4,20}$/, 'student id must be 4-20 letters or digits (the registrar id)'),
  fullName: z.string().trim().min(1).max(200),
  email: z.email(),
  school: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'school must be the school code in capitals, e.g. SITE or BS'),
  degree: Degree,
  studyBasis: StudyBasis,
});
export type Student = z.infer<typeof Student>;

/** A mobility semester such as "2027-spring". */
export const Semester = z
  .string()
  .regex(/^\d{4}-(spring|fall)$/, 'semester must look like 2027-spring or 2027-fall');

export const CallId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'call id must be 3-63 lower-case letters, digits or dashes');

/** What staff send to open an outgoing case. */
export const OpenCaseRequest = z.object({
  student: Student,
  track: FundingTrack,
  callId: CallId,
  semester: Semester,
  channel: ApplicationChannel,
  actor: Actor,
  preferences: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/))
    .max(20)
    .optional()
    .describe("the call's places the student wants, best first (ids from GET /calls/{callId})"),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

/** One workflow per (call, student): a second application to the same call is a duplicate. */
export function outgoingCaseId(callId: string, studentId: string): string {
  return `outgoing-${callId}-${studentId.toLowerCase()}`;
}

export const CASE_ID_PATTERN = /^outgoing-[a-z0-9-]+$/;
