import { z } from 'zod';
import { FundingTrack } from './case';
import { AfterSelectionPolicy, NO_PARTNERS, partnerLetterIssues } from './curriculum-policy';
import { DocumentLimits } from './document';
import { GradingScale } from './grading-scale';
import { IncomingPolicy } from './incoming-policy';
import { DeadlineChains } from './policy-chains';
import { PolicyCalendarFields } from './policy-calendar';
import { ApplicationWindow, MsheRegion, RankingCriterion } from './policy-tables';
import { TrackPolicy, uniqueList } from './policy-track';

export { GradingBand, GradingScale } from './grading-scale';
export * from './policy-tables';
export { CalendarDate, Holiday, TimeZone, WorkingWeekendDay } from './policy-calendar';
export { TrackPolicy } from './policy-track';

const Days = z.number().int('days must be a whole number').min(1).max(365);
const WorkingDays = z.number().int('working days must be a whole number').min(1).max(60);

/**
 * The part of a policy a running case pins at its start: the clock of its deadlines.
 * Copied into the case so that a new policy never changes a running case.
 */
export const CaseTimings = z
  .object({
    invitationLetterDays: Days.describe(
      'days the partner has to send the invitation letter after nomination',
    ),
    returnDocumentsDays: Days.describe('days after the mobility ends to hand in the return documents'),
    refundDays: Days.default(30).describe(
      'version 6: days the student has to refund unspent MSHE allowances once finance reconciles the report (default 30)',
    ),
    reminderDaysBefore: z
      .array(Days)
      .min(1)
      .max(5)
      .describe('remind the responsible person this many days before a deadline'),
    escalationWorkingDaysAfter: WorkingDays.default(2).describe(
      'escalate to the responsible office this many working days after a missed deadline (default 2)',
    ),
    waitlistOfferWorkingDays: WorkingDays.default(5).describe(
      "a place offered from a call's waitlist stays open this many working days (default 5)",
    ),
    chains: DeadlineChains.optional(),
  })
  .strict();
export type CaseTimings = z.infer<typeof CaseTimings>;

const PolicyVersion = z
  .string()
  .regex(/^\d{4}-\d{4}\.\d+$/, 'policy version must look like 2022-2023.1')
  .describe('academic year and revision, e.g. 2022-2023.1; a changed file gets a new revision');

/** One academic year's policy: every number, date, list and table of the rules, as data. */
export const Policy = z
  .strictObject({
    version: PolicyVersion,
    academicYear: z.string().regex(/^\d{4}-\d{4}$/, 'academic year must look like 2022-2023'),
    ...PolicyCalendarFields,
    timings: CaseTimings,
    tracks: z.strictObject({ self_funded: TrackPolicy, mshe: TrackPolicy, erasmus: TrackPolicy }),
    applicationWindows: z
      .array(ApplicationWindow)
      .min(1)
      .describe("application windows of the tracks whose applicationWindow is 'policy'"),
    studyCalendar: z
      .strictObject({
        springFromMonth: z
          .int()
          .min(1)
          .max(12)
          .describe('from this month a record shows the spring semester'),
        fallFromMonth: z
          .int()
          .min(1)
          .max(12)
          .describe("from this month a record shows the next academic year's fall semester"),
      })
      .refine((c) => c.springFromMonth < c.fallFromMonth, {
        message: 'the spring semester must start earlier in the calendar year than the fall',
        path: ['fallFromMonth'],
      })
      .describe(
        "which semester a student's registrar record shows on a date: fall until springFromMonth, spring until fallFromMonth",
      ),
    ieltsValidityYears: z
      .int()
      .min(1)
      .max(5)
      .describe('an IELTS certificate is valid this many years from the test date'),
    debts: z
      .strictObject({
        maxAcademicDebts: z.int().min(0).describe('academic debts allowed when applying (the rules: none)'),
        maxFinancialDebts: z.int().min(0).describe('financial debts allowed when applying (the rules: none)'),
      })
      .describe('conditions for every outgoing track'),
    paidBasisPrepaysTuition: z
      .boolean()
      .describe('a paid-basis student pays KBTU tuition for the mobility semester before departure'),
    applicationChannels: z
      .strictObject({ bachelor: z.enum(['uninet', 'email']), master: z.enum(['uninet', 'email']) })
      .describe('where each degree applies'),
    mshe: z
      .strictObject({
        allocationYear: z.int().min(2000).max(2100).describe('the calendar year of the MSHE RK allocation'),
        currency: z.literal('KZT'),
        regions: z.array(MsheRegion).min(1),
        rankingCriteria: uniqueList(RankingCriterion, 'rankingCriteria')
          .min(1)
          .describe('order in which eligible MSHE applicants are ranked'),
      })
      .describe('the MSHE RK grant allocation'),
    gradingScale: GradingScale,
    afterSelection: AfterSelectionPolicy.default(NO_PARTNERS),
    documents: DocumentLimits.prefault({}).describe(
      'limits of the document checks; every field has a default',
    ),
    incoming: IncomingPolicy.optional().describe(
      'incoming mobility (domain/incoming-policy.ts); without it the policy takes no nominations',
    ),
  })
  .superRefine((p, ctx) => {
    if (!p.version.startsWith(`${p.academicYear}.`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: `must start with the academic year ${p.academicYear}`,
      });
    }
    const [from, to] = p.academicYear.split('-').map(Number);
    if (to !== from! + 1)
      ctx.addIssue({ code: 'custom', path: ['academicYear'], message: 'years must follow each other' });
    const seen = new Set<string>();
    p.applicationWindows.forEach((w, i) => {
      if (seen.has(w.forSemester)) {
        ctx.addIssue({
          code: 'custom',
          path: ['applicationWindows', i, 'forSemester'],
          message: 'a second window for the same semester',
        });
      }
      seen.add(w.forSemester);
    });
    for (const track of FundingTrack.options) {
      if (p.tracks[track].applicationWindow === 'policy' && seen.size < 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['applicationWindows'],
          message: `track ${track} takes its windows from the policy: give one for spring and one for fall`,
        });
        break;
      }
    }
    if (p.documents.ielts.validityYears !== p.ieltsValidityYears) {
      ctx.addIssue({
        code: 'custom',
        path: ['documents', 'ielts', 'validityYears'],
        message: `must equal ieltsValidityYears (${p.ieltsValidityYears})`,
      });
    }
    // The document check must not refuse a certificate that a track's eligibility rule accepts.
    for (const track of FundingTrack.options) {
      const band = p.tracks[track].english.minIelts;
      if (p.documents.ielts.minScore > band) {
        ctx.addIssue({
          code: 'custom',
          path: ['documents', 'ielts', 'minScore'],
          message: `must not be above any track's english.minIelts: ${track} asks for ${band}`,
        });
        break;
      }
    }
    const [firstYear, lastYear] = [from!, to!];
    const holidayDates = new Set<string>();
    p.holidays.forEach((h, i) => {
      const year = Number(h.date.slice(0, 4));
      if (year < firstYear || year > lastYear + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'date'],
          message: `must fall in the years of the academic year ${p.academicYear} (or the next): ${firstYear}-${lastYear + 1}`,
        });
      }
      if (holidayDates.has(h.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'date'],
          message: 'a second holiday on the same date',
        });
      }
      holidayDates.add(h.date);
    });
    p.workingWeekendDays.forEach((d, i) => {
      if (holidayDates.has(d.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingWeekendDays', i, 'date'],
          message: 'is also listed as a holiday',
        });
      }
    });
    for (const issue of partnerLetterIssues(p.afterSelection, p.gradingScale))
      ctx.addIssue({ code: 'custom', ...issue });
    const ids = p.mshe.regions.map((r) => r.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['mshe', 'regions'], message: 'a region id is listed twice' });
  });
export type Policy = z.infer<typeof Policy>;

/**
 * What a case pins of the policy in force when it opens: everything its rules read (eligibility, the
 * checklists and document limits, tuition and grant, the clock of its deadlines and its working days).
 * A new policy never changes a running case. The working calendar is pinned lean: the zone, and the
 * dates of the holidays and worked weekend days (their names stay in the policy file). A CasePolicy is a
 * `WorkingCalendar` (domain/calendar.ts), so `addWorkingDays(ms, n, context.policy)` works on it.
 */
export type CasePolicy = Pick<
  Policy,
  | 'version'
  | 'timings'
  | 'timeZone'
  | 'tracks'
  | 'applicationWindows'
  | 'studyCalendar'
  | 'ieltsValidityYears'
  | 'debts'
  | 'paidBasisPrepaysTuition'
  | 'documents'
> & {
  /** 'YYYY-MM-DD' dates of the days off on weekdays. */
  holidays: string[];
  /** 'YYYY-MM-DD' dates of the weekend days that are worked. */
  workingWeekendDays: string[];
  /** After selection (machine version 3): the KBTU scale, partner tables, grant allowances per region. */
  afterSelection?: AfterSelectionPolicy & {
    gradingScale: Policy['gradingScale'];
    grantRegions: Record<string, Policy['mshe']['regions'][number]['allowances']>;
  };
};

export function toCasePolicy(p: Policy): CasePolicy {
  return {
    version: p.version,
    timings: p.timings,
    timeZone: p.timeZone,
    holidays: p.holidays.map((h) => h.date),
    workingWeekendDays: p.workingWeekendDays.map((d) => d.date),
    tracks: p.tracks,
    applicationWindows: p.applicationWindows,
    studyCalendar: p.studyCalendar,
    ieltsValidityYears: p.ieltsValidityYears,
    debts: p.debts,
    paidBasisPrepaysTuition: p.paidBasisPrepaysTuition,
    documents: p.documents,
    afterSelection: {
      ...p.afterSelection,
      gradingScale: p.gradingScale,
      grantRegions: Object.fromEntries(p.mshe.regions.map((r) => [r.id, r.allowances])),
    },
  };
}
