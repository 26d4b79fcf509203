import { z } from 'zod';
import { Degree, Student, StudyBasis } from './case';

/** The master's programme direction: only scientific-pedagogical masters may go self-funded. */
export const MasterDirection = z.enum(['scientific_pedagogical', 'profile']);
export type MasterDirection = z.infer<typeof MasterDirection>;

/** The CEFR levels a transcript can show for English. */
export const CefrLevel = z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
export type CefrLevel = z.infer<typeof CefrLevel>;

const count = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(0, `${what} cannot be negative`)
    .max(1000, `${what} looks wrong (over 1000)`);

/**
 * What the registrar's office knows about a student: the facts every eligibility rule reads
 * (degree, year, semester, direction, GPA, English on the transcript, basis, debts, prepaid tuition).
 */
export const StudentRecord = z
  .object({
    studentId: Student.shape.id,
    fullName: Student.shape.fullName,
    email: Student.shape.email,
    school: Student.shape.school,
    degree: Degree,
    yearOfStudy: z.number().int('year of study must be a whole number').min(1).max(4),
    semesterOfStudy: z.number().int('semester of study must be a whole number').min(1).max(8),
    masterDirection: MasterDirection.nullable(),
    gpa: z
      .number()
      .min(0, 'gpa must be between 0 and 4')
      .max(4, 'gpa must be between 0 and 4')
      .refine((g) => Math.abs(g * 100 - Math.round(g * 100)) < 1e-9, 'gpa has at most two decimals'),
    englishOnTranscript: CefrLevel.nullable(),
    studyBasis: StudyBasis,
    academicDebts: count('academic debts'),
    financialDebts: count('financial debts'),
    tuitionPrepaid: z.boolean(),
    updatedAt: z.iso.datetime({ offset: true, error: 'updatedAt must be an ISO date-time' }),
  })
  .superRefine((r, ctx) => {
    if (r.degree === 'master' && r.masterDirection === null)
      ctx.addIssue({
        code: 'custom',
        path: ['masterDirection'],
        message: 'a master must have a direction: scientific_pedagogical or profile',
      });
    if (r.degree === 'bachelor' && r.masterDirection !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['masterDirection'],
        message: 'a bachelor has no master direction: leave it empty',
      });
    if (r.degree === 'master' && r.yearOfStudy > 2)
      ctx.addIssue({
        code: 'custom',
        path: ['yearOfStudy'],
        message: `a master's programme has 2 years; year ${r.yearOfStudy} is impossible`,
      });
    if (r.semesterOfStudy !== 2 * r.yearOfStudy - 1 && r.semesterOfStudy !== 2 * r.yearOfStudy)
      ctx.addIssue({
        code: 'custom',
        path: ['semesterOfStudy'],
        message: `semester ${r.semesterOfStudy} does not belong to year ${r.yearOfStudy} (expected ${
          2 * r.yearOfStudy - 1
        } or ${2 * r.yearOfStudy})`,
      });
  });
export type StudentRecord = z.infer<typeof StudentRecord>;

/** The field of a `StudentRecord` each column of the registrar's CSV export fills. */
export const STUDENT_CSV_FIELDS = {
  student_id: 'studentId',
  full_name: 'fullName',
  email: 'email',
  school: 'school',
  degree: 'degree',
  year_of_study: 'yearOfStudy',
  semester_of_study: 'semesterOfStudy',
  master_direction: 'masterDirection',
  gpa: 'gpa',
  english_on_transcript: 'englishOnTranscript',
  study_basis: 'studyBasis',
  academic_debts: 'academicDebts',
  financial_debts: 'financialDebts',
  tuition_prepaid: 'tuitionPrepaid',
  updated_at: 'updatedAt',
} as const satisfies Record<string, keyof StudentRecord>;

export type StudentCsvColumn = keyof typeof STUDENT_CSV_FIELDS;

/**
 * The columns of the registrar's CSV export, in the export's order. Every one is required in the
 * header (in any order); `master_direction` and `english_on_transcript` may be empty in a row.
 */
export const STUDENT_CSV_COLUMNS = Object.keys(STUDENT_CSV_FIELDS) as StudentCsvColumn[];
