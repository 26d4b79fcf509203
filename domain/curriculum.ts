import { z } from 'zod';

/**
 * Curricula as data: the KBTU working curriculum per programme and semester, and each partner's course
 * catalogue. The individual curriculum of a case matches one against the other (curriculum-rules.ts).
 */

export const CourseCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,19}$/, 'a course code is 2-20 letters, digits, spaces, dots, dashes');
export const ProgrammeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, 'a programme code is 2-40 letters, digits, dots or dashes');
export const PartnerId = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,40}$/, 'partnerId must be 2-40 lower-case letters, digits or dashes');

/**
 * Credits as a partner or KBTU states them: at most one decimal (a partner may give 7.5 ECTS). Kept as
 * numbers in files; every sum is taken in tenths, as integers (see `tenths`).
 */
export const Credits = z
  .number()
  .positive('credits must be above 0')
  .max(60)
  .refine((n) => Number.isInteger(Math.round(n * 10)) && Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, {
    message: 'credits have at most one decimal',
  });
export const tenths = (credits: number) => Math.round(credits * 10);

export const ElectiveType = z.enum(['general_education', 'basic', 'profiling']);
export type ElectiveType = z.infer<typeof ElectiveType>;

/** One course of the KBTU working curriculum in one semester of one programme. */
export const KbtuCourse = z
  .strictObject({
    programme: ProgrammeCode,
    semester: z.int().min(1).max(12).describe('the semester of study (1 = first semester of year 1)'),
    code: CourseCode,
    title: z.string().trim().min(2).max(200),
    credits: Credits,
    component: z.enum(['compulsory', 'elective']),
    electiveType: ElectiveType.nullable().describe('general education, basic or profiling; electives only'),
  })
  .superRefine((c, ctx) => {
    if (c.component === 'elective' && c.electiveType === null)
      ctx.addIssue({
        code: 'custom',
        path: ['electiveType'],
        message: 'an elective needs its elective type',
      });
    if (c.component === 'compulsory' && c.electiveType !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['electiveType'],
        message: 'a compulsory course has no elective type (leave it empty)',
      });
  });
export type KbtuCourse = z.infer<typeof KbtuCourse>;

/** One course of a partner's catalogue, in the partner's own credits. */
export const PartnerCourse = z.strictObject({
  partnerId: PartnerId,
  code: CourseCode,
  title: z.string().trim().min(2).max(200),
  credits: Credits,
  language: z.string().trim().min(2).max(40),
  level: z.enum(['bachelor', 'master']),
  electiveType: ElectiveType.nullable().describe(
    'the KBTU elective type the course can stand for, when the DI office classified it',
  ),
});
export type PartnerCourse = z.infer<typeof PartnerCourse>;

/** The student's proposal for one KBTU course: the partner course(s) taken in its place. */
export const CourseMatch = z.strictObject({
  kbtuCode: CourseCode,
  partnerCodes: z.array(CourseCode).min(1).max(4),
});
export type CourseMatch = z.infer<typeof CourseMatch>;

/** An approved match kept in the equivalence register, per partner, and suggested the next time. */
export const Equivalence = z.strictObject({
  partnerId: PartnerId,
  programme: ProgrammeCode,
  kbtuCode: CourseCode,
  partnerCodes: z.array(CourseCode).min(1),
  approvedBy: z.string(),
  approvedAt: z.iso.datetime(),
  caseId: z.string(),
});
export type Equivalence = z.infer<typeof Equivalence>;
