import type { WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import { FundingTrack } from '../domain/case';
import * as sa from '../workflows/search-attributes';
import { Paging } from './paging';

/** A value that can be placed in a visibility query as it is. */
export const Keyword = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, dashes or underscores');

/** Filters for listing cases; every value is checked so it can be placed in a visibility query. */
export const CaseFilter = z
  .object({
    stage: Keyword.optional(),
    track: FundingTrack.optional(),
    school: Keyword.optional(),
    studentId: Keyword.optional(),
    callId: Keyword.optional(),
    status: z.enum(['open', 'finished']).optional(),
    overdue: z
      .enum(['true'])
      .optional()
      .describe('only cases whose next deadline has passed (now, by the server clock)'),
    ...Paging,
  })
  // An unknown filter (a typo like `tracks=`) is refused, not silently ignored into "all cases".
  .strict();
export type CaseFilter = z.infer<typeof CaseFilter>;

export interface CaseSummary {
  caseId: string;
  status: string;
  stage: string | null;
  track: string | null;
  school: string | null;
  studentId: string | null;
  callId: string | null;
  nextDeadline: string | null;
  openedAt: string;
}

/**
 * The clauses every list of cases starts with: the kind of case, one row per case (a case that continued as
 * new has one run per stretch of its history), and whether it is still open.
 */
export function caseKindClauses(workflowType: string, status: 'open' | 'finished' | undefined): string[] {
  const clauses = [`WorkflowType = '${workflowType}'`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (status === 'open') clauses.push(`ExecutionStatus = 'Running'`);
  if (status === 'finished') clauses.push(`ExecutionStatus != 'Running'`);
  return clauses;
}

/** What names a list for its cursors: the kind of case and every filter, without the paging fields. */
export function listingOf(kind: string, f: { limit: number; cursor?: string }): string {
  const filters: Record<string, unknown> = { ...f };
  delete filters.limit;
  delete filters.cursor;
  return JSON.stringify([kind, filters]);
}

export function caseListQuery(f: CaseFilter, now = new Date()): string {
  const clauses = caseKindClauses('outgoingCaseWorkflow', f.status);
  const eq = (name: string, value: string | undefined) => {
    if (value !== undefined) clauses.push(`${name} = '${value}'`);
  };
  eq(sa.MobilityStage.name, f.stage);
  eq(sa.FundingTrack.name, f.track);
  eq(sa.School.name, f.school);
  eq(sa.StudentId.name, f.studentId);
  eq(sa.CallId.name, f.callId);
  if (f.overdue) clauses.push(`${sa.NextDeadline.name} < '${now.toISOString()}'`);
  return clauses.join(' AND ');
}

export function toSummary(wf: WorkflowExecutionInfo): CaseSummary {
  const attrs = wf.typedSearchAttributes;
  const deadline = attrs.get(sa.NextDeadline);
  return {
    caseId: wf.workflowId,
    status: wf.status.name,
    stage: attrs.get(sa.MobilityStage) ?? null,
    track: attrs.get(sa.FundingTrack) ?? null,
    school: attrs.get(sa.School) ?? null,
    studentId: attrs.get(sa.StudentId) ?? null,
    callId: attrs.get(sa.CallId) ?? null,
    nextDeadline: deadline ? deadline.toISOString() : null,
    openedAt: wf.startTime.toISOString(),
  };
}
