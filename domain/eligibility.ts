import { z } from 'zod';
import { instantMs } from './calendar';
import { CallId, FundingTrack, Semester, Student } from './case';
import { IeltsBand, IsoDate } from './document';
import { StudentRecord } from './student-record';

const record = StudentRecord.shape;

/** An ISO date-time that names its offset (Z or ±hh:mm), so it is one instant wherever it is read. */
export const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO date-time with an offset' });

/**
 * What eligibility reads about an applicant: the registrar's record, plus the English evidence that is not
 * on it (an IELTS certificate, the SNSS audition's outcome).
 */
export const EligibilityFacts = z.object({
  degree: record.degree,
  yearOfStudy: record.yearOfStudy,
  semesterOfStudy: record.semesterOfStudy.describe('semester of study now, counted from 1 (first fall)'),
  masterDirection: record.masterDirection,
  school: record.school,
  gpa: z.number().min(0).max(4),
  englishOnTranscript: record.englishOnTranscript,
  studyBasis: record.studyBasis,
  academicDebts: record.academicDebts,
  financialDebts: record.financialDebts,
  ielts: z
    .object({ score: IeltsBand, testDate: IsoDate })
    .nullable()
    .describe('the IELTS certificate, if any'),
  auditionPassed: z.boolean().nullable().describe('the SNSS English audition: passed, failed, or not taken'),
});
export type EligibilityFacts = z.infer<typeof EligibilityFacts>;

/** A window of dates, both ends inclusive. */
export const DateWindow = z
  .object({ opensAt: Instant, closesAt: Instant })
  .refine((w) => instantMs(w.closesAt) >= instantMs(w.opensAt), {
    message: 'the window closes before it opens',
    path: ['closesAt'],
  });
export type DateWindow = z.infer<typeof DateWindow>;

/** The call an application answers, as eligibility needs it. */
export const EligibilityCall = z.object({
  id: CallId,
  track: FundingTrack,
  mobilitySemester: Semester.describe('the semester the mobility happens in, e.g. 2027-spring'),
  schools: z
    .array(Student.shape.school)
    .optional()
    .describe('Erasmus+: the schools the call is announced to'),
  window: DateWindow.optional().describe("the call's own application dates (MSHE, Erasmus+)"),
});
export type EligibilityCall = z.infer<typeof EligibilityCall>;

export const EligibilityRuleId = z.enum([
  'call_track',
  'degree',
  'year_of_study',
  'master_semester',
  'master_direction',
  'state_grant',
  'gpa',
  'english',
  'academic_debts',
  'financial_debts',
  'school',
  'mobility_semester',
  'application_window',
]);
export type EligibilityRuleId = z.infer<typeof EligibilityRuleId>;

/** One rule, evaluated: what it saw, what it required, and a sentence for staff and the student. */
export const EligibilityRuleResult = z.object({
  id: EligibilityRuleId,
  passed: z.boolean(),
  seen: z.json(),
  threshold: z.json(),
  message: z.string(),
});
export type EligibilityRuleResult = z.infer<typeof EligibilityRuleResult>;

export const NextWindow = z.object({
  forSemester: Semester.nullable().describe('the mobility semester that window takes applications for'),
  opensAt: Instant,
  closesAt: Instant,
});
export type NextWindow = z.infer<typeof NextWindow>;

/**
 * Where the English audition stands: not needed (evidence on file), passed, open to register, failed
 * (ineligible for this call), or not offered on this track.
 */
export const AuditionStatus = z.enum(['not_needed', 'passed', 'may_register', 'failed', 'not_offered']);
export type AuditionStatus = z.infer<typeof AuditionStatus>;

/** What satisfies the English requirement, if anything does: it decides whether a certificate is needed. */
export const EnglishEvidence = z.enum(['transcript', 'ielts', 'audition']);
export type EnglishEvidence = z.infer<typeof EnglishEvidence>;

/** The verdict: eligible exactly when every rule passed. */
export const EligibilityVerdict = z.object({
  eligible: z.boolean(),
  track: FundingTrack,
  callId: CallId,
  at: Instant,
  policyVersion: z.string(),
  rules: z.array(EligibilityRuleResult),
  audition: AuditionStatus,
  englishEvidence: EnglishEvidence.nullable(),
  nextWindow: NextWindow.optional().describe('when the application window rule failed: the next window'),
});
export type EligibilityVerdict = z.infer<typeof EligibilityVerdict>;
