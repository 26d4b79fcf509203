import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { callWorkflowId, type Call } from '../domain/call';
import { CallAction } from '../domain/call-events';
import {
  callActUpdate,
  callAuditQuery,
  callRankingQuery,
  callRefusalQuery,
  callViewQuery,
  type CallAuditEntry,
  type CallRanking,
  type CallRefusal,
  type CallView,
} from '../workflows/call/messages';
import type { CallRun } from '../workflows/call/workflow';
import { CaseError, invalid, REFUSAL_KIND } from './errors';
import { listAll, listPage } from './list-page';
import { caseKindClauses, listingOf } from './listing';
import { Paging, type Page } from './paging';

export type { CallAuditEntry, CallRanking, CallView };

/**
 * The calls the international office has opened, as the staff interfaces and the case client use them.
 * Each call is a workflow: its state, applicants and results are read from it, never from a copy.
 */
export interface CallRegistry {
  open(request: unknown): Promise<CallView>;
  /** The call as a case pins it, while it takes applications or results; null for none, a draft, or an ended call. */
  get(callId: string): Promise<Call | null>;
  view(callId: string): Promise<CallView>;
  /** One page of the calls; `query.cursor` is the previous page's `next`. */
  page(query: unknown): Promise<Page<CallView>>;
  /** Up to `max` calls, read page by page. */
  list(max: number): Promise<CallView[]>;
  act(callId: string, action: unknown): Promise<CallView>;
  ranking(callId: string): Promise<CallRanking>;
  history(callId: string): Promise<CallAuditEntry[]>;
}

const CALL_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

/** The query of the calls list: the paging fields only, an unknown field refused. */
export const CallListQuery = z.strictObject({ ...Paging });
export type CallListQuery = z.infer<typeof CallListQuery>;

// One row per call: a call that continued as new has a finished run for each stretch of its history.
const CALL_LIST = caseKindClauses('callWorkflow', undefined).join(' AND ');

/** The Temporal side of calls: starting a call workflow, its updates and queries, listing them. */
export class CallClient {
  constructor(
    readonly temporal: Client,
    private readonly options: { taskQueue: string },
  ) {}

  async start(run: CallRun): Promise<CallView> {
    try {
      await this.temporal.workflow.start('callWorkflow', {
        workflowId: callWorkflowId(run.call.id),
        taskQueue: this.options.taskQueue,
        args: [run],
        // A call id is used once: cases pinned it, so a correction is a new call.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new CaseError('conflict', `call ${run.call.id} exists already; a changed call needs a new id`);
      throw err;
    }
    return this.view(run.call.id);
  }

  view(callId: string): Promise<CallView> {
    return this.read(callId, (h) => h.query(callViewQuery));
  }

  ranking(callId: string): Promise<CallRanking> {
    return this.read(callId, (h) => h.query(callRankingQuery));
  }

  history(callId: string): Promise<CallAuditEntry[]> {
    return this.read(callId, (h) => h.query(callAuditQuery));
  }

  /** Why the call would refuse the action now, or null; changes nothing. */
  refusal(callId: string, action: unknown): Promise<CallRefusal | null> {
    return this.read(callId, (h) => h.query(callRefusalQuery, action as CallAction));
  }

  async act(callId: string, action: unknown): Promise<CallView> {
    const parsed = CallAction.safeParse(action);
    if (!parsed.success) throw invalid('invalid action', parsed.error);
    return this.read(callId, (h) => h.executeUpdate(callActUpdate, { args: [parsed.data] }));
  }

  /** One page of the calls, open before ended, newest first, each read from its workflow. */
  async page(query: unknown = {}): Promise<Page<CallView>> {
    const parsed = CallListQuery.safeParse(query);
    if (!parsed.success) throw invalid('invalid query', parsed.error);
    const ids = await listPage(this.temporal, CALL_LIST, listingOf('calls', parsed.data), parsed.data, (wf) =>
      wf.workflowId.replace(/^call-/, ''),
    );
    return { items: await Promise.all(ids.items.map((id) => this.view(id))), next: ids.next };
  }

  list(max: number): Promise<CallView[]> {
    return listAll((paging) => this.page(paging), max);
  }

  private async read<T>(callId: string, f: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>) {
    if (!CALL_ID.test(callId))
      throw new CaseError(
        'invalid',
        `callId: must be 3-63 lower-case letters, digits or dashes, got "${callId}"`,
      );
    try {
      return await f(this.temporal.workflow.getHandle(callWorkflowId(callId)));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new CaseError('notFound', `no call ${callId}`);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const kind = REFUSAL_KIND[err.cause.type as keyof typeof REFUSAL_KIND];
        if (kind) throw new CaseError(kind, err.cause.message, (err.cause.details?.[0] ?? {}) as never);
      }
      throw err;
    }
  }
}
