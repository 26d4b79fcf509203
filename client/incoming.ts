import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  INCOMING_CASE_ID,
  IncomingActionResult,
  IncomingEvent,
  NominationRequest,
  type IncomingAuditEntry,
  type IncomingCaseView,
} from '../domain/incoming';
import type { UpcomingMessage } from '../domain/case-messages';
import type { PartnerAgreement } from '../domain/agreement';
import type { Policy } from '../domain/policy';
import type { IncomingCaseInput } from '../machines/incoming-case/context';
import { nominationInput, nominationRefusal } from '../machines/incoming-case/nomination';
import { invalidField, type Refusal } from '../machines/shared/refusal';
import {
  incomingActUpdate,
  incomingAuditQuery,
  incomingUpcomingQuery,
  incomingRefusalQuery,
  incomingViewQuery,
} from '../workflows/incoming-case/messages';
import type { RefusalDetails } from '../workflows/outgoing-case/messages';
import * as sa from '../workflows/search-attributes';
import type { DocumentActivities } from '../activities/documents/activities';
import type { AgreementStore } from '../stores/agreements';
import type { PlaceClaimStore } from '../stores/place-claims';
import { notTakenInTime, sendAction } from './act';
import { claimPlaces, ENDED_STAGES, type CheckedNomination } from './place-claims';

export type { CheckedNomination };
import { uploadDocument, type UploadResult } from './documents';
import { CaseError, invalid, REFUSAL_KIND, refusalError } from './errors';
import {
  incomingListQuery,
  IncomingFilter,
  toIncomingSummary,
  type IncomingSummary,
} from './incoming-listing';
import { listingOf } from './listing';
import { listAll, listPage } from './list-page';
import type { Page } from './paging';

export { IncomingFilter, type IncomingSummary };

export interface IncomingClientOptions {
  taskQueue: string;
  /** The policy in force; a nomination pins what the case reads of it. */
  policy: Policy;
  /** Screens and stores uploaded bytes (see activities/documents); the case keeps only their hash. */
  storeDocument?: DocumentActivities['storeDocument'];
  /** How long an action waits for its case to take it up (see client/act.ts); unset: as long as it takes. */
  actionWaitMs?: number;
  /** False on a server without a visibility store (the time-skipping test server): not indexed, no place count. */
  searchAttributes?: boolean;
  /** Claims the agreements' places atomically (client/place-claims.ts); without it, counted unlocked. */
  placeClaims?: PlaceClaimStore;
  /** The partner agreements: who may nominate, how many places, which schools, whom to send to. */
  agreements: Pick<AgreementStore, 'get' | 'list'>;
}

/** The one way the API and the CLI reach incoming cases. */
export class IncomingClient {
  constructor(
    readonly temporal: Client,
    private readonly options: IncomingClientOptions,
  ) {}

  /** The partners that take nominations: those whose agreement gives KBTU places for their students. */
  async nominatingPartners(): Promise<PartnerAgreement[]> {
    return (await this.options.agreements.list()).filter((a) => (a.incoming ?? []).some((p) => p.places > 0));
  }

  /** How many of a partner's places for `place` (`<semester>/<level>`) live or finished stays already take. */
  async placesTaken(partnerId: string, place: string): Promise<number> {
    if (this.options.searchAttributes === false) return 0;
    const query = [
      `WorkflowType = 'incomingCaseWorkflow'`,
      `${sa.PartnerId.name} = '${partnerId}'`,
      `${sa.IncomingPlace.name} = '${place}'`,
      `${sa.MobilityStage.name} NOT IN (${ENDED_STAGES.map((s) => `'${s}'`).join(', ')})`,
    ].join(' AND ');
    return (await this.temporal.workflow.count(query)).count;
  }

  /**
   * Checks a nomination against the schema, the nomination rules (with `alsoTaken` places of the same
   * batch) and the cases that exist, starting nothing. Throws the refusal.
   */
  async check(request: unknown, alsoTaken = 0): Promise<CheckedNomination> {
    const parsed = NominationRequest.safeParse(request);
    if (!parsed.success) throw invalid('invalid nomination', parsed.error);
    const n = parsed.data;
    const place = `${n.semester}/${n.student.level}`;
    const taken = (await this.placesTaken(n.partnerId, place)) + alsoTaken;
    const agreement = await this.options.agreements.get(n.partnerId);
    const refused = nominationRefusal(n, this.options.policy, agreement, taken);
    if (refused) throw refusalError(refused);
    if (!agreement) throw refusalError(invalidField('partnerId', `no agreement with ${n.partnerId}`));
    const input = nominationInput(n, this.options.policy, agreement);
    const existing = await this.temporal.workflow
      .getHandle(input.caseId)
      .describe()
      .catch(() => undefined);
    if (existing) throw this.duplicate(input);
    return { request: n, input, place, agreement };
  }

  /**
   * Opens the cases of checked nominations, all places claimed first in one transaction (claimPlaces):
   * a nomination whose place another took meanwhile is refused and nothing starts. A case that fails to
   * start gives its place back, with those of the cases after it.
   */
  async startAll(checked: readonly CheckedNomination[]): Promise<string[]> {
    const { placeClaims, policy } = this.options;
    let claimed: number[] = [];
    if (placeClaims) {
      const seen = (partnerId: string, place: string) => this.placesTaken(partnerId, place);
      const outcome = await claimPlaces(
        { temporal: this.temporal, claims: placeClaims, policy },
        checked,
        seen,
      );
      if (!outcome.ok) throw outcome.error;
      claimed = outcome.ids;
    }
    const started: string[] = [];
    try {
      for (const c of checked) started.push(await this.start(c));
    } catch (err) {
      await placeClaims?.release(claimed.slice(started.length), 'the case did not start');
      throw err;
    }
    return started;
  }

  /** Opens the case of a checked nomination; a second nomination of the same student is refused by name. */
  private async start({ input, place }: CheckedNomination): Promise<string> {
    try {
      await this.temporal.workflow.start('incomingCaseWorkflow', {
        workflowId: input.caseId,
        taskQueue: this.options.taskQueue,
        args: [input],
        // One case per partner, semester and student, ever: a re-nomination is refused naming it.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes:
          this.options.searchAttributes === false
            ? []
            : [
                { key: sa.PartnerId, value: input.partner.id },
                { key: sa.School, value: input.school },
                { key: sa.VisaRequired, value: input.visa.required },
                { key: sa.IncomingPlace, value: place },
                { key: sa.MobilityStage, value: 'nominated' },
              ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw this.duplicate(input);
      throw err;
    }
    return input.caseId;
  }

  async nominate(request: unknown): Promise<IncomingCaseView> {
    const [caseId] = await this.startAll([await this.check(request)]);
    return this.get(caseId!);
  }

  async act(caseId: string, event: unknown): Promise<IncomingActionResult> {
    const parsed = IncomingEvent.safeParse(event);
    if (!parsed.success) throw invalid('invalid event', parsed.error);
    try {
      const handle = this.handle(caseId);
      const { actionWaitMs } = this.options;
      const result = await sendAction(this.temporal, handle, incomingActUpdate, parsed.data, actionWaitMs);
      return IncomingActionResult.parse(result);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && (await this.isFinished(caseId))) {
        throw new CaseError('conflict', `case ${caseId} is finished; it accepts no more actions`);
      }
      throw this.translate(caseId, err);
    }
  }

  /** Uploads a document into the case: the machine's dry run, the bytes screened and stored, then checked. */
  upload(caseId: string, fields: unknown, bytes: Uint8Array): Promise<UploadResult<IncomingActionResult>> {
    const { storeDocument } = this.options;
    if (!storeDocument) throw new Error('this incoming client was built without a document store');
    return uploadDocument(this, storeDocument, caseId, fields, bytes, () => new Date());
  }

  /** Why the case would refuse `event` now, or null: the update validator's verdict, changing nothing. */
  async refusal(caseId: string, event: unknown): Promise<Refusal | null> {
    const parsed = IncomingEvent.safeParse(event);
    if (!parsed.success) throw invalid('invalid event', parsed.error);
    try {
      return await this.handle(caseId).query(incomingRefusalQuery, parsed.data);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  async get(caseId: string): Promise<IncomingCaseView> {
    try {
      const view = await this.handle(caseId).query(incomingViewQuery);
      if (view.status !== 'active' || !(await this.isFinished(caseId))) return view;
      // Ended by the engine without its own ending (terminated): only the engine knows it is over.
      return { ...view, status: 'terminated', allowedActions: [] };
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  async history(caseId: string): Promise<IncomingAuditEntry[]> {
    try {
      return await this.handle(caseId).query(incomingAuditQuery);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** The reminders and escalations the case will send, earliest first. */
  async upcoming(caseId: string): Promise<UpcomingMessage[]> {
    try {
      return await this.handle(caseId).query(incomingUpcomingQuery);
    } catch (err) {
      throw this.translate(caseId, err);
    }
  }

  /** One page of the incoming cases the filter matches; `filter.cursor` is the previous page's `next`. */
  async page(filter: unknown = {}): Promise<Page<IncomingSummary>> {
    const parsed = IncomingFilter.safeParse(filter);
    if (!parsed.success) throw invalid('invalid filter', parsed.error);
    const f = parsed.data;
    return listPage(this.temporal, incomingListQuery(f), listingOf('incoming', f), f, toIncomingSummary);
  }

  /** Up to `max` incoming cases the filter (without paging fields) matches, read page by page. */
  list(filter: Record<string, unknown> = {}, max: number): Promise<IncomingSummary[]> {
    return listAll((paging) => this.page({ ...filter, ...paging }), max);
  }

  private duplicate(input: IncomingCaseInput): CaseError {
    const { partner, semester, student } = input;
    return new CaseError(
      'conflict',
      `${partner.id} already nominated student ${student.partnerStudentId} for ${semester}: case ${input.caseId}`,
    );
  }

  private async isFinished(caseId: string): Promise<boolean> {
    const described = await this.temporal.workflow
      .getHandle(caseId)
      .describe()
      .catch(() => undefined);
    return described !== undefined && described.status.name !== 'RUNNING';
  }

  private handle(caseId: string) {
    if (!INCOMING_CASE_ID.test(caseId)) {
      throw new CaseError(
        'invalid',
        `caseId: must look like incoming-<partner>-<semester>-<student>, got "${caseId}"`,
      );
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
