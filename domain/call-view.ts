import { z } from 'zod';
import { Actor, Role, StaffRole } from './actor';
import { Call, CallPlace } from './call';
import { ApplicantResult } from './call-applicant';
import { CALL_ACTION_TYPES, type CallActionType } from './call-events';
import { Instant } from './eligibility';
import { RankingCriterion } from './policy-tables';

/**
 * What the call workflow answers about itself (its view, its ranking, its audit trail), as zod: the types
 * the call's machine builds and the API's documented responses are one schema each.
 */

export const CallState = z.enum(['draft', 'open', 'closed', 'ranked', 'published', 'finalised', 'cancelled']);
export type CallState = z.infer<typeof CallState>;

const Someone = z.object({ id: z.string(), role: Role });

/** A call as staff read it: its state, its places as they stand, and what may happen next. */
export const CallView = z
  .object({
    call: Call,
    state: CallState,
    stateLabel: z.string(),
    applicants: z.int().min(0).describe('the cases that joined the call'),
    places: z.array(
      CallPlace.extend({
        taken: z
          .int()
          .min(0)
          .nullable()
          .describe('given to applicants (selected or offered); null until the call is ranked'),
        free: z.int().nullable().describe('places left; null until the call is ranked'),
      }),
    ),
    counts: z
      .object({
        selected: z.int(),
        waitlisted: z.int(),
        not_selected: z.int(),
        offers: z.int().describe('open waitlist offers'),
      })
      .nullable()
      .describe('null until the call is ranked'),
    closed: z.object({ at: Instant, by: Someone }).nullable(),
    publishedAt: Instant.nullable(),
    cancelled: z.object({ by: Actor, reason: z.string() }).nullable(),
    allowedActions: z
      .array(
        z.object({
          type: z.enum(CALL_ACTION_TYPES as [CallActionType, ...CallActionType[]]),
          roles: z.array(StaffRole),
        }),
      )
      .describe('the actions the call accepts now, and from which roles'),
  })
  .describe('a call');
export type CallView = z.infer<typeof CallView>;

/** The ranking of a call: every applicant's result with its rank and reason, best rank first. */
export const CallRanking = z
  .object({
    callId: z.string(),
    state: CallState,
    published: z
      .boolean()
      .describe(
        'true once DI published the results; before, they are the proposal (while open: provisional)',
      ),
    criteria: z.array(RankingCriterion),
    policyVersion: z.string(),
    results: z.array(ApplicantResult),
  })
  .describe("a call's ranking and results");
export type CallRanking = z.infer<typeof CallRanking>;

/**
 * One line of a call's audit trail: every staff action, every change the call made by itself, and every
 * case that joined or left it.
 */
export const CallAuditEntry = z.object({
  seq: z.int().min(1),
  at: Instant,
  actor: Someone,
  event: z.string(),
  from: z.string(),
  to: z.string(),
  caseId: z.string().nullable(),
  studentId: z.string().nullable().describe("the student of the entry's case, where it names one"),
  reason: z.string().nullable(),
});
export type CallAuditEntry = z.infer<typeof CallAuditEntry>;
