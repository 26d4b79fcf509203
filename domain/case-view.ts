import { z } from 'zod';
import { Role, StaffRole } from './actor';
import { FundingTrack } from './case';
import { DocumentVerdict } from './document';
import { CASE_EVENT_TYPES } from './events';
import { ChecklistStatusValue } from './document-checklist';
import { EligibilityVerdict } from './eligibility';

/**
 * What an audit line records: an event the machine took (staff actions, the workflow's reports, timers,
 * a partner's document, the engine's cancellation) or a fact the case noted without moving.
 */
export const AuditEventName = z.enum([
  'OPEN_CASE',
  ...CASE_EVENT_TYPES,
  'STUDENT_RECORD_READ',
  'STUDENT_RECORD_UNAVAILABLE',
  'DOCUMENT_CHECKED',
  'DOCUMENT_CHECK_FAILED',
  'PARTNER_DOCUMENT_RECEIVED',
  'DEADLINE_REMINDER',
  'DEADLINE_ESCALATION',
  'ENGINE_CANCELLED',
  'ELIGIBILITY_ASSESSED',
  'PARTNER_DOCUMENT_NOTED',
  'NOTIFICATION_FAILED',
  'ENGINE_TERMINATED',
  'CALL_DECISION',
  'CREDIT_STATEMENT_ISSUED',
  'CREDIT_STATEMENT_FAILED',
]);
export type AuditEventName = z.infer<typeof AuditEventName>;

/** One line of a case's audit trail: written on every transition that changes something, never changed. */
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), role: Role }),
  event: AuditEventName,
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AllowedAction = z.object({ type: z.string(), roles: z.array(StaffRole) });
export type AllowedAction = z.infer<typeof AllowedAction>;

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
  status: z
    .enum(['active', 'done', 'terminated'])
    .describe('terminated: ended by the engine (a Temporal terminate), outside every rule of the case'),
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

/**
 * What a staff action returns: where the case stands now and what may happen next, plus what the action
 * decided (a new eligibility verdict, an upload's check). The full view is a separate read.
 */
export const ActionResult = z.object({
  caseId: z.string(),
  status: z.enum(['active', 'done']),
  stage: z.string(),
  states: z.array(z.string()),
  allowedActions: z.array(AllowedAction),
  eligibility: z
    .object({ eligible: z.boolean(), summary: z.string() })
    .nullable()
    .describe('the verdict, when this action changed it'),
  document: DocumentVerdict.nullable().describe("an upload's check, when the action was an upload"),
});
export type ActionResult = z.infer<typeof ActionResult>;
