import type { WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import * as sa from '../workflows/search-attributes';
import { caseKindClauses, Keyword } from './listing';
import { Paging } from './paging';

/** Filters for listing incoming cases; every value is checked so it can be placed in a visibility query. */
export const IncomingFilter = z
  .strictObject({
    stage: Keyword.optional(),
    partnerId: Keyword.optional(),
    school: Keyword.optional(),
    visaRequired: z.enum(['true', 'false']).optional(),
    status: z.enum(['open', 'finished']).optional(),
    overdue: z
      .enum(['true'])
      .optional()
      .describe('only cases whose next deadline has passed (now, by the server clock)'),
    ...Paging,
  })
  .describe('an unknown filter is refused, not silently ignored into "all cases"');
export type IncomingFilter = z.infer<typeof IncomingFilter>;

export interface IncomingSummary {
  caseId: string;
  status: string;
  stage: string | null;
  partnerId: string | null;
  school: string | null;
  visaRequired: boolean | null;
  nextDeadline: string | null;
  openedAt: string;
}

export function incomingListQuery(f: IncomingFilter, now = new Date()): string {
  const clauses = caseKindClauses('incomingCaseWorkflow', f.status);
  const eq = (name: string, value: string | undefined) => {
    if (value !== undefined) clauses.push(`${name} = '${value}'`);
  };
  eq(sa.MobilityStage.name, f.stage);
  eq(sa.PartnerId.name, f.partnerId);
  eq(sa.School.name, f.school);
  if (f.visaRequired !== undefined) clauses.push(`${sa.VisaRequired.name} = ${f.visaRequired}`);
  if (f.overdue) clauses.push(`${sa.NextDeadline.name} < '${now.toISOString()}'`);
  return clauses.join(' AND ');
}

export function toIncomingSummary(wf: WorkflowExecutionInfo): IncomingSummary {
  const attrs = wf.typedSearchAttributes;
  const deadline = attrs.get(sa.NextDeadline);
  return {
    caseId: wf.workflowId,
    status: wf.status.name,
    stage: attrs.get(sa.MobilityStage) ?? null,
    partnerId: attrs.get(sa.PartnerId) ?? null,
    school: attrs.get(sa.School) ?? null,
    visaRequired: attrs.get(sa.VisaRequired) ?? null,
    nextDeadline: deadline ? deadline.toISOString() : null,
    openedAt: wf.startTime.toISOString(),
  };
}
