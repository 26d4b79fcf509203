import { z } from 'zod';
import { Degree } from './case';
import { ChecklistItem } from './document-checklist';
import { CefrLevel, MasterDirection } from './student-record';

export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).refine((xs) => new Set(xs).size === xs.length, `${what} must not repeat`);
}

const StudySemesterRange = z
  .strictObject({
    fromStudySemester: z.int().min(1).max(8).describe('first allowed semester of study, counted from 1'),
    toStudySemester: z.int().min(1).max(8).describe('last allowed semester of study'),
  })
  .refine((r) => r.fromStudySemester <= r.toStudySemester, {
    message: 'toStudySemester must not be before fromStudySemester',
    path: ['toStudySemester'],
  })
  .describe('the semesters of study (1 = first fall) the mobility semester may be');

export const TrackPolicy = z
  .strictObject({
    name: z.string().min(3).max(100).describe('the track as staff and students call it'),
    whoMayApply: z.strictObject({
      degrees: uniqueList(Degree, 'degrees').min(1).describe('degrees that may apply'),
      bachelorYears: uniqueList(z.int().min(1).max(4), 'bachelorYears').describe(
        'years of study (1-4) a bachelor may apply in; empty when bachelors may not apply',
      ),
      masterSemesters: uniqueList(z.int().min(1).max(4), 'masterSemesters').describe(
        'semesters of study (1-4) a master may apply in; empty when masters may not apply',
      ),
      masterDirections: uniqueList(MasterDirection, 'masterDirections').describe(
        'master directions that may apply; empty when masters may not apply',
      ),
      requiresStateGrant: z.boolean().describe('only students on a state educational grant may apply'),
    }),
    minGpa: z.number().min(0).max(4).describe('lowest GPA (4.0 scale) at the time of application, inclusive'),
    english: z
      .strictObject({
        minCefr: CefrLevel.describe('lowest CEFR level on the transcript that satisfies the requirement'),
        minIelts: z
          .number()
          .min(0)
          .max(9)
          .multipleOf(0.5, 'IELTS bands go in steps of 0.5')
          .describe('lowest overall IELTS band of a valid certificate, inclusive'),
      })
      .describe('English evidence: the transcript level or a valid IELTS certificate'),
    auditionAllowed: z
      .boolean()
      .describe('an applicant without English evidence may pass the SNSS English audition instead'),
    mobilitySemester: z
      .strictObject({
        bachelor: StudySemesterRange.nullable(),
        master: StudySemesterRange.nullable(),
      })
      .describe('when the mobility may happen, per degree; null for a degree that may not apply'),
    applicationWindow: z
      .enum(['policy', 'call'])
      .describe("'policy': the applicationWindows below; 'call': the dates the call was opened with"),
    grantFunded: z
      .boolean()
      .describe(
        'finance disburses a grant before departure, and the student reports its spending and refunds the rest after return',
      ),
    callRestrictedToSchools: z
      .boolean()
      .describe('a call names the schools it is announced to, and only their students may apply'),
    requiredDocuments: z
      .array(ChecklistItem)
      .min(1)
      .describe(
        "the track's checklist at application: documents, and staff confirmations such as the paper folder",
      ),
  })
  .superRefine((t, ctx) => {
    for (const degree of ['bachelor', 'master'] as const) {
      const applies = t.whoMayApply.degrees.includes(degree);
      const lists =
        degree === 'bachelor'
          ? (['bachelorYears'] as const)
          : (['masterSemesters', 'masterDirections'] as const);
      for (const list of lists) {
        if (applies !== t.whoMayApply[list].length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['whoMayApply', list],
            message: applies
              ? `${degree}s may apply, so ${list} must not be empty`
              : `must be empty: ${degree}s may not apply`,
          });
        }
      }
      if (applies !== (t.mobilitySemester[degree] !== null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['mobilitySemester', degree],
          message: applies
            ? `${degree}s may apply, so their mobility semesters are needed`
            : `must be null: ${degree}s may not apply`,
        });
      }
    }
    const items = t.requiredDocuments.map((d) => d.id);
    if (new Set(items).size !== items.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['requiredDocuments'],
        message: 'a checklist item is listed twice',
      });
    }
  });
export type TrackPolicy = z.infer<typeof TrackPolicy>;
