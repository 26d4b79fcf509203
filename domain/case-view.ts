import { z } from 'zod';
import { Role, StaffRole } from './actor';
import { FundingTrack } from './case';
import { ChecklistStatusValue } from './document-checklist';
import { EligibilityVerdict } from './eligibility';

/** One line of a case's audit trail: written on every transition, never changed. */
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), role: Role }),
  event: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AllowedAction = z.object({ type: z.string(), roles: z.array(StaffRole) });

export const Deadline = z.object({
  id: z.string(),
  what: z.string(),
  responsible: z.string(),
  dueAt: z.iso.datetime(),
});
export type Deadline = z.infer<typeof Deadline>;

export const ChecklistView = z.object({
  lines: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      optional: z.boolean(),
      status: ChecklistStatusValue,
      sha256: z.string().optional(),
      reasons: z.array(z.string()),
    }),
  ),
  complete: z.boolean(),
});

/** What a read of a case returns: state, facts, what may happen next and by whom. */
export const CaseView = z.object({
  caseId: z.string(),
  status: z.enum(['active', 'done']),
  stage: z.string(),
  stageLabel: z.string(),
  states: z.array(z.string()),
  track: FundingTrack,
  callId: z.string(),
  semester: z.string(),
  policyVersion: z.string(),
  eligibility: EligibilityVerdict.nullable().describe('the explained verdict, once the record was read'),
  checklist: ChecklistView.nullable().describe("the track's documents, once the application is submitted"),
  context: z.record(z.string(), z.unknown()),
  allowedActions: z.array(AllowedAction),
  deadlines: z.array(Deadline),
  auditLength: z.number().int(),
});
export type CaseView = z.infer<typeof CaseView>;
