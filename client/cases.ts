import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_ID_PATTERN, OpenCaseRequest, outgoingCaseId } from '../domain/case';
import type { UpcomingMessage } from '../domain/case-messages';
import { ActionResult, type AuditEntry, type CaseView } from '../domain/case-view';
import { EligibilityCall } from '../domain/eligibility';
import { CaseEvent, PartnerDocument } from '../domain/events';
import { toCasePolicy, type Policy } from '../domain/policy';
import type { OutgoingCaseInput } from '../machines/outgoing-case/context';
import { MACHINE_VERSION } from '../machines/outgoing-case/machine';
import { openingRefusal } from '../machines/outgoing-case/opening';
import {
  actUpdate,
  auditQuery,
  partnerDocumentSignal,
  refusalQuery,
  upcomingQuery,
  viewQuery,
  type Refusal,
  type RefusalDetails,
} from '../workflows/outgoing-case/messages';
import * as sa from '../workflows/search-attributes';
import type { DocumentActivities } from '../activities/documents/activities';
import { notTakenInTime, sendAction } from './act';
import type { CallRegistry } from './calls';
import {
  carriesPlan,
  registerAdoptedChange,
  registerMatches,
  withCurriculumFacts,
  type CurriculumSource,
  type PlanTarget,
} from './curriculum-facts';
import { uploadDocument, type UploadResult } from './documents';
import { CaseError, invalid, invalidFields, REFUSAL_KIND, refusalError } from './errors';
import { caseListQuery, CaseFilter, listingOf, toSummary, type CaseSummary } from './listing';
import { listAll, listPage } from './list-page';
import type { Page } from './paging';

export { CaseFilter, type CaseSummary };

export interface CaseClientOptions {
  taskQueue: string;
  /** The policy in force; a new case pins what its rules read of it. */
  policy: Policy;
  /** The calls staff have opened; a case answers one and pins it. */
  calls: CallRegistry;
  /** Screens and stores uploaded bytes (see activities/documents); the case keeps only their hash. */
  storeDocument: DocumentActivities['storeDocument'];
  now?: () => Date;
  /** The stored curricula an individual curriculum is computed from, and the equivalence register. */
  curricula?: CurriculumSource;
  /** Demonstration only (DEMO_DAY_SECONDS): how long a day of a new case's deadlines lasts. */
  dayMs?: number;
  /** False on a server without a visibility store (the time-skipping test server): cases are not indexed. */
  searchAttributes?: boolean;
  /**
   * How long an action waits for its case to take it up before the caller is told "unavailable" (and the
   * case refuses it should it arrive later). Unset: as long as it takes (the time-skipping tests, whose
   * workflow clock runs ahead of the caller's).
   */
  actionWaitMs?: number;
}

/** The one way staff interfaces (API, CLI, web) reach cases. */
export class CaseClient {
  constructor(
    readonly temporal: Client,
    private readonly options: CaseClientOptions,
  ) {}

  async open(request: unknown): Promise<CaseView> {
    const parsed = OpenCaseRequest.safeParse(request);
    if (!parsed.success) throw invalid('invalid case', parsed.error);
    const { student, track, callId, channel, actor, preferences } = parsed.data;
    const { policy } = this.options;
    const registered = await this.options.calls.get(callId);
    // What eligibility reads of the call; who opened it and when stay in the registry.
    const call = registered ? EligibilityCall.parse(registered) : undefined;
    const refused = openingRefusal(parsed.data, call, policy);
    if (refused) throw refusalError(refused);
    // The call allocates only its own places: a preference must name one of them.
    const placeIds = registered?.places.map((p) => p.id) ?? [];
    const unknown = (preferences ?? []).flatMap((id, i) =>
      placeIds.includes(id)
        ? []
        : [
            {
              path: `preferences.${i}`,
              message: `${id} is not a place of call ${callId}: one of ${placeIds.join(', ')}`,
            },
          ],
    );
    if (unknown.length > 0) throw invalidFields('invalid case', unknown);
    const caseId = outgoingCaseId(callId, student.id);
    const input: OutgoingCaseInput = {
      caseId,
      student,
      track,
      call: call!,
      channel,
      policy: toCasePolicy(policy),
      openedBy: actor,
      machineVersion: MACHINE_VERSION,
      ...(preferences ? { preferences } : {}),
      ...(this.options.dayMs ? { dayMs: this.options.dayMs } : {}),
    };
    try {
      await this.temporal.workflow.start('outgoingCaseWorkflow', {
        workflowId: caseId,
        taskQueue: this.options.taskQueue,
        args: [input],
        // One live case per student and call; after a terminal outcome (withdrawn, rejected, cancelled,
        // also from the engine) the student may apply to the call again.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes:
          this.options.searchAttributes === false
            ? []
            : [
                { key: sa.FundingTrack, value: track },
                { key: sa.School, value: student.school },
                { key: sa.StudentId, value: student.id },
                { key: sa.CallId, value: callId },
                { key: sa.MobilityStage, value: 'application' },
              ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        // A case that has reached its outcome stays open until its last mails are delivered.
        const running = await this.handle(caseId)
          .query(viewQuery)
          .catch(() => undefined);
        const message =
          running?.status === 'done'
            ? `the case ${caseId} of student ${student.id} for call ${callId} has ended (${running.stage}) and is still sending its last messages; open the new case again in a few minutes`
            : `student ${student.id} already has a case for call ${callId}: ${caseId}`;
        throw new CaseError('conflict', message);
      }
      throw err;
    }
    return this.get(caseId);
  }

  async act(caseId: string, event: unknown): Promise<ActionResult> {
    const parsed = CaseEvent.safeParse(event);
    if (!parsed.success) throw invalid('invalid event', parsed.error);
    try {
      const target = await this.planTarget(caseId, parsed.data);
      const sent = await withCurriculumFacts(parsed.data, target, this.options.curricula);
      const result = ActionResult.parse(
        await sendAction(this.temporal, this.handle(caseId), actUpdate, sent, this.options.actionWaitMs),
      );
      const at = this.options.now?.() ?? new Date();
      await registerMatches(sent, caseId, target.partnerId, this.options.curricula, at);
      if (sent.type === 'AGREE_LEARNING_AGREEMENT_CHANGE' && this.options.curricula) {
        const { context } = await this.handle(caseId).query(viewQuery);
        await registerAdoptedChange(caseId, context, this.options.curricula);
      }
      return result;
    } catch (err) {
      // An update to a closed workflow reads as "not found"; tell a finished case from a missing one.
      if (err instanceof WorkflowNotFoundError && (await this.isFinished(caseId))) {
        throw new CaseError('conflict', `case ${caseId} is finished; it accepts no more actions`);
      }
      throw this.translate(caseId, err);
    }
  }

  /** The largest upload any kind of document may be, under the policy in force. */
  maxUploadBytes(): number {
    const { defaultMaxBytes, maxBytes } = this.options.policy.documents;
    return Math.max(defaultMaxBytes, ...Object.values(maxBytes));
  }

  /** Why the case would refuse `event` now, or null: the update validator's verdict, changing nothing. */
  async refusal(caseId: string, event: unknown): Promise<Refusal | null> {
    const parsed = CaseEvent.safeParse(event);
    if (!parsed.success) throw invalid('invalid event', parsed.error);
    try {
      const target = await this.planTarget(caseId, parsed.data);
      const sent = await withCurriculumFacts(parsed.data, target, this.options.curricula);
      return await this.handle(caseId).query(refusalQuery, sent);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** Uploads a document into a case; see client/documents.ts. */
  upload(caseId: string, fields: unknown, bytes: Uint8Array): Promise<UploadResult> {
    return uploadDocument(
      this,
      this.options.storeDocument,
      caseId,
      fields,
      bytes,
      this.options.now ?? (() => new Date()),
    );
  }

  /** The case's nominated partner and agreed plan, read only for an event that carries a plan of matches. */
  private async planTarget(caseId: string, event: CaseEvent): Promise<PlanTarget> {
    if (!carriesPlan(event)) return {};
    const view = await this.handle(caseId).query(viewQuery);
    const context = view.context as {
      partner?: { id?: string } | null;
      individualCurriculum?: { programme?: string; semester?: number } | null;
    };
    return {
      partnerId: context.partner?.id,
      programme: context.individualCurriculum?.programme,
      semester: context.individualCurriculum?.semester,
    };
  }

  private async isFinished(caseId: string): Promise<boolean> {
    const described = await this.temporal.workflow
      .getHandle(caseId)
      .describe()
      .catch(() => undefined);
    return described !== undefined && described.status.name !== 'RUNNING';
  }

  async get(caseId: string): Promise<CaseView> {
    try {
      const handle = this.handle(caseId);
      const view = await handle.query(viewQuery);
      if (view.status !== 'active') return view;
      // A terminated case never ran its own ending; only the engine knows it is over.
      const ended = await this.termination(caseId);
      return ended ? { ...view, status: 'terminated', allowedActions: [] } : view;
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  async history(caseId: string): Promise<AuditEntry[]> {
    try {
      const audit = await this.handle(caseId).query(auditQuery);
      const ended = await this.termination(caseId);
      if (!ended) return audit;
      const last = audit.at(-1);
      return [
        ...audit,
        {
          seq: audit.length + 1,
          at: ended.at,
          actor: { id: ended.identity, role: 'system' },
          event: 'ENGINE_TERMINATED',
          from: last?.to ?? '(unknown)',
          to: '(terminated)',
          reason: ended.reason || 'terminated through the Temporal engine, outside the mobility API',
          note: 'a termination runs no code of the case: no funds reconciliation, no notification',
        },
      ];
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** The reminders and escalations the case will send, earliest first. */
  async upcoming(caseId: string): Promise<UpcomingMessage[]> {
    try {
      return await this.handle(caseId).query(upcomingQuery);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** Who terminated the case's latest run through the engine, when and why; undefined if nobody did. */
  private async termination(
    caseId: string,
  ): Promise<{ at: string; identity: string; reason: string } | undefined> {
    const handle = this.temporal.workflow.getHandle(caseId);
    const described = await handle.describe();
    if (described.status.name !== 'TERMINATED') return undefined;
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events.at(-1);
    const attrs = last?.workflowExecutionTerminatedEventAttributes;
    const seconds = Number(last?.eventTime?.seconds ?? 0);
    return {
      at: new Date(seconds * 1000).toISOString(),
      identity: attrs?.identity || 'unknown',
      reason: attrs?.reason ?? '',
    };
  }

  /** Delivers a partner's document as a signal: the case applies it if it is waiting for it, else notes it. */
  async partnerDocument(caseId: string, doc: unknown): Promise<void> {
    const parsed = PartnerDocument.safeParse(doc);
    if (!parsed.success) throw invalid('invalid partner document', parsed.error);
    try {
      await this.handle(caseId).signal(partnerDocumentSignal, parsed.data);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** One page of the cases the filter matches; `filter.cursor` is the previous page's `next`. */
  async page(filter: unknown = {}): Promise<Page<CaseSummary>> {
    const parsed = CaseFilter.safeParse(filter);
    if (!parsed.success) throw invalid('invalid filter', parsed.error);
    const f = parsed.data;
    return listPage(
      this.temporal,
      caseListQuery(f, this.options.now?.()),
      listingOf('outgoing', f),
      f,
      toSummary,
    );
  }

  /** Up to `max` cases the filter (without paging fields) matches, read page by page. */
  list(filter: Record<string, unknown> = {}, max: number): Promise<CaseSummary[]> {
    return listAll((paging) => this.page({ ...filter, ...paging }), max);
  }

  private handle(caseId: string) {
    if (!CASE_ID_PATTERN.test(caseId)) {
      throw new CaseError('invalid', `caseId: must look like outgoing-<call>-<student>, got "${caseId}"`);
    }
    return this.temporal.workflow.getHandle(caseId);
  }

  private translate(caseId: string, err: unknown): unknown {
    if (err instanceof CaseError) return err;
    if (err instanceof WorkflowNotFoundError) return new CaseError('notFound', `no case ${caseId}`);
    const notTaken = notTakenInTime(caseId, err);
    if (notTaken) return notTaken;
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const kind = REFUSAL_KIND[err.cause.type as keyof typeof REFUSAL_KIND];
      if (kind)
        return new CaseError(kind, err.cause.message, (err.cause.details?.[0] ?? {}) as RefusalDetails);
    }
    return err;
  }
}
