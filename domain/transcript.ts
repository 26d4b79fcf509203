import { z } from 'zod';
import { CourseCode } from './curriculum';
import { curriculumRetakes, showTenths, type CurriculumLine, type RetakeCourse } from './curriculum-rules';
import { convertGrade, type ConvertedGrade, type GradingScale, type PartnerScale } from './grading-scale';
import type { FieldIssue } from './issues';

/** One line of the partner's transcript: the course, and the grade as the partner wrote it. */
export const TranscriptGrade = z.strictObject({
  partnerCode: CourseCode,
  grade: z.string().trim().min(1, 'a grade is required').max(10),
});
export type TranscriptGrade = z.infer<typeof TranscriptGrade>;

export interface ConvertedCourse {
  partnerCode: string;
  title: string;
  grade: ConvertedGrade;
}

/** One KBTU course after return: the partner results standing for it, and the KBTU credits it receives. */
export interface TransferLine {
  kbtuCode: string;
  kbtuTitle: string;
  kbtuCredits: number;
  courses: ConvertedCourse[];
  /** The converted grade of the KBTU course: the weakest of its partner courses. */
  grade: ConvertedGrade | null;
  transferredTenths: number;
}

export interface CreditTransfer {
  lines: TransferLine[];
  transferredTenths: number;
  retakes: RetakeCourse[];
}

/**
 * Converts every grade of the transcript with the partner's table; every problem is named by its line
 * (a grade off the scale, a course not in the learning agreement, a course given twice).
 */
export function convertTranscript(
  grades: readonly TranscriptGrade[],
  agreed: readonly CurriculumLine[],
  scale: PartnerScale,
  kbtu: GradingScale,
): { converted: Map<string, ConvertedGrade>; problems: FieldIssue[] } {
  const studied = new Set(agreed.flatMap((l) => l.partner.map((c) => c.code.toUpperCase())));
  const converted = new Map<string, ConvertedGrade>();
  const problems: FieldIssue[] = [];
  grades.forEach((g, i) => {
    const code = g.partnerCode.toUpperCase();
    if (!studied.has(code)) {
      problems.push({
        path: `grades.${i}.partnerCode`,
        message: `${g.partnerCode} is not a course of the learning agreement`,
      });
      return;
    }
    if (converted.has(code)) {
      problems.push({ path: `grades.${i}.partnerCode`, message: `${g.partnerCode} is graded twice` });
      return;
    }
    const result = convertGrade(scale, kbtu, g.grade);
    if (!result.ok) problems.push({ path: `grades.${i}.grade`, message: result.message });
    else converted.set(code, result.grade);
  });
  return { converted, problems };
}

/**
 * Credit recalculation: a KBTU course matched in the learning agreement receives its credits when every
 * partner course standing for it was graded and passed and the plan covered its credits; its grade is the
 * weakest converted grade. Everything else stays on, or goes onto, the retake list.
 */
export function creditTransfer(
  agreed: readonly CurriculumLine[],
  converted: ReadonlyMap<string, ConvertedGrade>,
): CreditTransfer {
  const retakes = curriculumRetakes(agreed);
  const lines: TransferLine[] = [];
  for (const l of agreed) {
    if (l.partner.length === 0) continue;
    const courses = l.partner.map((c) => ({
      partnerCode: c.code,
      title: c.title,
      grade: converted.get(c.code.toUpperCase()) ?? null,
    }));
    const missing = courses.filter((c) => c.grade === null).map((c) => c.partnerCode);
    const failed = courses.filter((c) => c.grade && !c.grade.passed).map((c) => c.partnerCode);
    const graded = courses.flatMap((c) => (c.grade ? [{ ...c, grade: c.grade }] : []));
    const weakest = graded.reduce<ConvertedGrade | null>(
      (w, c) => (w === null || c.grade.points < w.points ? c.grade : w),
      null,
    );
    const passed = missing.length === 0 && failed.length === 0 && l.status === 'matched';
    lines.push({
      kbtuCode: l.kbtu.code,
      kbtuTitle: l.kbtu.title,
      kbtuCredits: l.kbtu.credits,
      courses: graded,
      grade: missing.length === 0 ? weakest : null,
      transferredTenths: passed ? Math.round(l.kbtu.credits * 10) : 0,
    });
    if (l.status !== 'matched') continue; // already on the list for its shortfall
    if (missing.length > 0)
      retakes.push({
        ...retake(l),
        reason: `no grade on the partner's transcript for ${missing.join(', ')}`,
      });
    else if (failed.length > 0)
      retakes.push({ ...retake(l), reason: `failed at the partner: ${failed.join(', ')}` });
  }
  return { lines, transferredTenths: lines.reduce((s, l) => s + l.transferredTenths, 0), retakes };
}

const retake = (l: CurriculumLine) => ({ code: l.kbtu.code, title: l.kbtu.title, credits: l.kbtu.credits });

export { showTenths };
