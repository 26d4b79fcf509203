import { z } from 'zod';
import { ChecklistItem } from './document-checklist';
import { VisaFreeList } from './visa';

export const PartnerId = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,40}$/, 'partnerId must be 2-40 lower-case letters, digits or dashes');
export const SchoolCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'school must be the school code in capitals, e.g. SITE or BS');
export const CourseCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{2,6}\d{3,5}$/, 'a course code looks like CSCI2106');

/** A course of KBTU's catalogue: the school that teaches it decides whether an incoming student takes it. */
export const Course = z.strictObject({
  code: CourseCode,
  title: z.string().min(2).max(200),
  school: SchoolCode,
  credits: z.int().min(1).max(30).describe('ECTS credits'),
  terms: z
    .array(z.enum(['fall', 'spring']))
    .min(1)
    .describe('the terms the course is taught in'),
});
export type Course = z.infer<typeof Course>;

const WorkingDays = z.int().min(1).max(60);

/**
 * The incoming section of a policy file: the one-month promise, the visa list, the catalogue. The partners
 * are their stored agreements (domain/agreement.ts) with their grading tables (afterSelection.partners).
 */
export const IncomingPolicy = z
  .strictObject({
    invitationMonths: z
      .int()
      .min(1)
      .max(6)
      .describe(
        "calendar months from the complete application in which KBTU's invitation letter (and the migration invitation) are due; a due date on a day off moves to the next working day",
      ),
    reminderDaysBefore: z
      .array(z.int().min(1).max(60))
      .min(1)
      .max(5)
      .describe('remind DI this many days before'),
    escalations: z
      .array(z.strictObject({ to: z.enum(['di_officer', 'head:di_officer']), workingDaysAfter: WorkingDays }))
      .min(1)
      .max(4)
      .refine((l) => l.every((e, i) => i === 0 || e.workingDaysAfter > l[i - 1]!.workingDaysAfter), {
        message: 'each escalation comes more working days after the deadline than the one before',
      })
      .describe('who is told once the deadline has passed, after how many working days, in order'),
    requiredDocuments: z
      .array(ChecklistItem)
      .min(1)
      .describe("the student's application: form, passport copy, learning agreement"),
    stayDays: z.int().min(1).max(365).describe('the stay a visa decision is taken for: one semester'),
    visaFree: VisaFreeList,
    catalogue: z.array(Course).min(1),
  })
  .superRefine((p, ctx) => {
    const codes = new Set<string>();
    p.catalogue.forEach((c, i) => {
      if (codes.has(c.code))
        ctx.addIssue({
          code: 'custom',
          path: ['catalogue', i, 'code'],
          message: `${c.code} is listed twice`,
        });
      codes.add(c.code);
    });
  });
export type IncomingPolicy = z.infer<typeof IncomingPolicy>;
