import { z } from 'zod';

const Days = z.number().int('days must be a whole number').min(1).max(365);

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
    reminderDaysBefore: z
      .array(Days)
      .min(1)
      .max(5)
      .describe('remind the responsible person this many days before a deadline'),
    escalationDaysAfter: Days.describe(
      'escalate to the responsible office this many days after a missed deadline',
    ),
  })
  .strict();
export type CaseTimings = z.infer<typeof CaseTimings>;

export const PolicyRef = z.object({
  version: z.string().regex(/^\d{4}-\d{4}\.\d+$/, 'policy version must look like 2022-2023.1'),
  timings: CaseTimings,
});
export type PolicyRef = z.infer<typeof PolicyRef>;
