import { z } from 'zod';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const MonthDay = z
  .strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) })
  .refine((d) => d.day <= (DAYS_IN_MONTH[d.month - 1] ?? 0), {
    message: 'no such day in that month (February 29 is refused: it is not in every year)',
    path: ['day'],
  });
export type MonthDay = z.infer<typeof MonthDay>;

export const ApplicationWindow = z
  .strictObject({
    forSemester: z
      .enum(['spring', 'fall'])
      .describe('the mobility semester this window takes applications for'),
    opens: MonthDay.describe('first day, inclusive, from 00:00 local time'),
    closes: MonthDay.describe('last day, inclusive, until 23:59:59.999 local time'),
    yearOffset: z
      .int()
      .min(-1)
      .max(0)
      .describe(
        "the window's calendar year relative to the mobility semester's: -1 = the year before (September for next spring), 0 = the same year",
      ),
  })
  .refine((w) => w.closes.month * 100 + w.closes.day >= w.opens.month * 100 + w.opens.day, {
    message: 'the window closes before it opens (a window may not run over New Year)',
    path: ['closes'],
  });
export type ApplicationWindow = z.infer<typeof ApplicationWindow>;

export const Allowances = z
  .strictObject({
    flight: z.int().min(0).describe('tenge per student'),
    accommodation: z.int().min(0).describe('tenge per student'),
    insurance: z.int().min(0).describe('tenge per student'),
    visa: z.int().min(0).describe('tenge per student'),
  })
  .describe('per-category amounts; spending over a category is the student’s own cost, never moved between');
export type Allowances = z.infer<typeof Allowances>;

export const MsheRegion = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'region id must be lower-case letters, digits or dashes'),
    name: z.string().min(2).max(100),
    places: z.int().min(0).describe('grant places allocated to KBTU in this region'),
    allowances: Allowances,
    totalPerStudent: z
      .int()
      .min(0)
      .optional()
      .describe('optional; when given it must equal the sum of the allowances'),
  })
  .refine((r) => r.totalPerStudent === undefined || r.totalPerStudent === allowanceTotal(r.allowances), {
    message: 'totalPerStudent must equal flight + accommodation + insurance + visa',
    path: ['totalPerStudent'],
  });
export type MsheRegion = z.infer<typeof MsheRegion>;

export function allowanceTotal(a: Allowances): number {
  return a.flight + a.accommodation + a.insurance + a.visa;
}

export const RankingCriterion = z.enum(['gpa', 'english', 'social_priority', 'submitted_at']);
export type RankingCriterion = z.infer<typeof RankingCriterion>;
