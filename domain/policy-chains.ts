import { z } from 'zod';
import { Office } from './notification';

const WorkingDays = z.int('working days must be a whole number').min(1).max(60);

/** Who an escalation goes to: an office, or the head of one (the last level of a chain). */
export const ChainAddressee = z.union([
  Office,
  z.templateLiteral(['head:', Office]).describe('the head of an office, e.g. head:di_officer'),
]);

/**
 * The reminders and escalations of one deadline (version 4): the responsible person is reminded this many
 * working days before, and once the deadline has passed each level is told in turn, after its working days.
 * The shape follows the incoming policy's `escalations`.
 */
export const DeadlineChain = z.strictObject({
  remindWorkingDaysBefore: z
    .array(WorkingDays)
    .max(5)
    .describe('remind the responsible person this many working days before the deadline'),
  escalations: z
    .array(z.strictObject({ to: ChainAddressee, workingDaysAfter: WorkingDays }))
    .min(1)
    .max(4)
    .refine((l) => l.every((e, i) => i === 0 || e.workingDaysAfter > l[i - 1]!.workingDaysAfter), {
      message: 'each escalation comes more working days after the deadline than the one before',
    })
    .refine((l) => l[l.length - 1]!.to.startsWith('head:'), {
      message: "the last escalation goes to an office's head (head:<office>)",
    })
    .describe('who is told once the deadline has passed, after how many working days, in order'),
});
export type DeadlineChain = z.infer<typeof DeadlineChain>;

/**
 * Chains per deadline id (invitationLetter, returnDocuments). A deadline without one keeps the one-level
 * behaviour: reminders `reminderDaysBefore` calendar days before, one escalation after
 * `escalationWorkingDaysAfter` to the office the state declares. Old policy files stay valid.
 */
export const DeadlineChains = z
  .strictObject({
    invitationLetter: DeadlineChain.optional(),
    returnDocuments: DeadlineChain.optional(),
    refund: DeadlineChain.optional(),
  })
  .describe('version 4: reminder offsets and escalation chains per deadline, in working days');
export type DeadlineChains = z.infer<typeof DeadlineChains>;
