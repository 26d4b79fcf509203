import { checklistStatus, type ChecklistStatus } from '../../domain/document-checklist';
import { gradeFor } from '../../domain/grading-scale';
import type { TranscriptGrade } from '../../domain/incoming';
import type { Course } from '../../domain/incoming-policy';
import type { IncomingCaseContext } from './context';

/** The case's rules as pure functions of its context: what guards decide with and the view shows. */

export const checklistOf = (c: IncomingCaseContext): ChecklistStatus =>
  checklistStatus(
    c.policy.requiredDocuments,
    c.documents.map((d) => d.verdict),
  );

/** The courses of the semester's catalogue among `codes`, and the codes it does not offer. */
export function coursesOf(c: Pick<IncomingCaseContext, 'catalogue'>, codes: readonly string[]) {
  const found: Course[] = [];
  const unknown: string[] = [];
  for (const code of codes) {
    const course = c.catalogue.find((k) => k.code === code);
    if (course) found.push(course);
    else unknown.push(code);
  }
  return { found, unknown };
}

/** The schools that teach the agreement's courses: each one's dean's office must agree. */
export function schoolsToAgree(c: IncomingCaseContext): string[] {
  const courses = coursesOf(c, c.learningAgreement?.courses ?? []).found;
  return [...new Set(courses.map((k) => k.school))].sort();
}

export const awaitingSchools = (c: IncomingCaseContext): string[] =>
  schoolsToAgree(c).filter((s) => !c.learningAgreement?.agreedBy.includes(s));

/** The disciplines list: the hosting school's courses this term. */
export const disciplines = (c: Pick<IncomingCaseContext, 'catalogue' | 'school'>): Course[] =>
  c.catalogue.filter((k) => k.school === c.school);

/** The partner's grade for a KBTU letter: its first (best) row that stands for that letter. */
export const partnerGrade = (c: IncomingCaseContext, letter: string): string | undefined =>
  c.partner.gradeTable.find((r) => r.kbtu === letter)?.grade;

/**
 * KBTU's percentages on the transcript, as the KBTU letter (pinned scale) and the partner's grade (its
 * table); `problems` says which course cannot be converted and why.
 */
export function convertGrades(
  c: IncomingCaseContext,
  grades: readonly { course: string; percent: number }[],
): { grades: TranscriptGrade[]; problems: string[] } {
  const out: TranscriptGrade[] = [];
  const problems: string[] = [];
  for (const g of grades) {
    const course = c.catalogue.find((k) => k.code === g.course);
    const band = gradeFor(c.policy.gradingScale, g.percent);
    const partner = band ? partnerGrade(c, band.letter) : undefined;
    if (!course || !band) {
      problems.push(`${g.course}: not a course of the semester's catalogue`);
    } else if (partner === undefined) {
      problems.push(
        `${g.course}: the conversion table of partner ${c.partner.id} has no grade for KBTU ${band.letter}`,
      );
    } else {
      out.push({
        course: course.code,
        title: course.title,
        credits: course.credits,
        percent: g.percent,
        kbtu: band.letter,
        partner,
      });
    }
  }
  return { grades: out, problems };
}
