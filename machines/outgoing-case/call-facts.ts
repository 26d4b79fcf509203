import type { CallApplicant } from '../../domain/call-applicant';
import type { OutgoingCaseContext } from './context';

/**
 * What a case tells its call on joining: the facts the call ranks by (verdict, GPA, English evidence,
 * accepted social-priority documents, submission time) and the places the student wants.
 */
export function callApplicantOf(c: OutgoingCaseContext): CallApplicant {
  return {
    caseId: c.caseId,
    studentId: c.student.id,
    fullName: c.student.fullName,
    school: c.student.school,
    degree: c.student.degree,
    eligible: c.eligibility?.eligible === true,
    gpa: c.record?.gpa ?? 0,
    english: { cefr: c.record?.englishOnTranscript ?? null, ielts: c.english.ielts?.score ?? null },
    socialPriority: c.documents.filter((d) => d.verdict.accepted && d.verdict.kind === 'social_priority')
      .length,
    submittedAt: c.appliedAt ?? '1970-01-01T00:00:00.000Z',
    preferences: c.preferences ?? [],
  };
}
