import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { instantMs } from '../../domain/calendar';
import { CallAction } from '../../domain/call-events';
import { describeIssues, fieldIssues } from '../../domain/issues';
import { callAuditOf, type RecordedAuditEntry } from '../../machines/call/audit';
import { CALL_REFUSAL, type CallRefusal } from '../../machines/call/conditions';
import type { CallContext, CallEvent, CallInput } from '../../machines/call/context';
import { callMachine } from '../../machines/call/machine';
import { allowedCallActions, callRefusalOf, type CallSnapshot } from '../../machines/call/refusal';
import { callRanking, callState, callView } from '../../machines/call/view';
import { decisionsToTell, type Told } from './decisions';
import {
  callActUpdate,
  callAuditQuery,
  callDecisionSignal,
  callJoinSignal,
  callLeaveSignal,
  callPartnerDeclinedSignal,
  callRankingQuery,
  callRefusalQuery,
  callViewQuery,
} from './messages';

export interface CallRun extends CallInput {
  /** What the previous run carried over: the machine's state with the applicant table, audit, what was told. */
  continued?: { value: string; context: CallContext; audit: RecordedAuditEntry[]; told: Told };
  /** Continue as new after this many history events (tests); by default when Temporal suggests it. */
  eventsPerRun?: number;
}

/** Cases told their result per batch of signals; the run may continue as new between batches. */
const TELL_BATCH = 100;

/**
 * One call for applications, from draft to finalised: the system of record for its applicants. The call's
 * machine decides; this workflow takes staff actions as updates and cases' facts as signals, closes the
 * call at its deadline and lapses offers at theirs (durable timers), tells each case its result, and
 * continues as new with the applicant table so that thousands of applicants fit.
 */
export async function callWorkflow(run: CallRun) {
  let s: CallSnapshot = run.continued
    ? callMachine.resolveState({ value: run.continued.value as never, context: run.continued.context })
    : initialTransition(callMachine, run)[0];
  const audit: RecordedAuditEntry[] = run.continued?.audit ?? [];
  const told: Told = run.continued?.told ?? {};
  let version = 0;
  const now = () => new Date().toISOString();

  const step = (event: CallEvent, audited: boolean) => {
    const from = String(s.value);
    s = transition(callMachine, s, event)[0];
    version++;
    if (!audited) return;
    audit.push({
      seq: audit.length + 1,
      at: event.at,
      actor: event.actor,
      event: event.type,
      from,
      to: String(s.value),
      caseId: 'caseId' in event ? event.caseId : 'applicant' in event ? event.applicant.caseId : null,
      reason: 'reason' in event ? event.reason : 'note' in event ? (event.note ?? null) : null,
    });
  };
  if (!run.continued)
    audit.push({
      seq: 1,
      at: now(),
      actor: run.call.openedBy,
      event: 'OPEN_CALL',
      from: '(new)',
      to: String(s.value),
      caseId: null,
      reason: null,
    });

  const refusalOf = (raw: unknown): CallRefusal | null => {
    const parsed = CallAction.safeParse(raw);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error, '(action)');
      return {
        type: CALL_REFUSAL.invalidPayload,
        message: `invalid action: ${describeIssues(issues)}`,
        issues,
      };
    }
    return callRefusalOf(s, { ...parsed.data, at: now() });
  };
  setHandler(
    callActUpdate,
    (raw) => {
      step({ ...CallAction.parse(raw), at: now() }, true);
      return callView(s);
    },
    {
      validator: (raw) => {
        const r = refusalOf(raw);
        if (r)
          throw ApplicationFailure.create({
            type: r.type,
            message: r.message,
            nonRetryable: true,
            details: [{ state: [callState(s)], allowed: allowedCallActions(s), issues: r.issues ?? [] }],
          });
      },
    },
  );
  // Facts from cases: taken where the machine takes them; joins and leaves while open are the table itself
  // (the audit reads them from it: machines/call/audit.ts).
  const fact = (event: CallEvent) => {
    if (callRefusalOf(s, event)) return log.info('call ignores a fact it cannot take', { type: event.type });
    step(event, !(s.value === 'open' && (event.type === 'JOIN' || event.type === 'LEAVE')));
  };
  setHandler(callJoinSignal, (applicant) =>
    fact({ type: 'JOIN', actor: SYSTEM_ACTOR, at: now(), applicant }),
  );
  setHandler(callLeaveSignal, (l) => fact({ type: 'LEAVE', actor: SYSTEM_ACTOR, at: now(), ...l }));
  setHandler(callPartnerDeclinedSignal, (d) =>
    fact({ type: 'PARTNER_DECLINED', actor: SYSTEM_ACTOR, at: now(), ...d }),
  );
  setHandler(callViewQuery, () => callView(s));
  setHandler(callRankingQuery, () => callRanking(s));
  setHandler(callRefusalQuery, (raw) => refusalOf(raw));
  setHandler(callAuditQuery, () => callAuditOf(audit, s.context));

  const renew = () =>
    workflowInfo().continueAsNewSuggested ||
    (run.eventsPerRun !== undefined && workflowInfo().historyLength > run.eventsPerRun);

  /** Tells every case whose result changed; false when the run should continue as new first. */
  const tell = async (): Promise<boolean> => {
    for (;;) {
      const batch = decisionsToTell(s, told).slice(0, TELL_BATCH);
      if (batch.length === 0) return true;
      await Promise.all(
        batch.map(async ({ caseId, decision, fingerprint }) => {
          try {
            await getExternalWorkflowHandle(caseId).signal(callDecisionSignal, decision);
          } catch (err) {
            // A case that has ended takes no result; the call's table still holds it.
            log.info('case not told its result', { caseId, error: String(err) });
          }
          told[caseId] = fingerprint;
        }),
      );
      if (renew()) return false;
    }
  };

  for (;;) {
    const done = await tell();
    if (done && s.status === 'done') break;
    if (!done || renew()) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof callWorkflow>({
        ...run,
        continued: { value: String(s.value), context: s.context, audit, told },
      });
    }
    const seen = version;
    const next = nextWake(s);
    if (next === undefined) await condition(() => version !== seen);
    else {
      const wait = next - Date.now();
      if (wait > 0) await condition(() => version !== seen, wait);
      fireDue(s, Date.now(), now()).forEach((e) => step(e, true));
    }
  }
  await condition(allHandlersFinished);
  return { callId: run.call.id, state: callState(s) };
}

/** When the call next has something to do by itself: its deadline while open, the first offer to lapse. */
function nextWake(s: CallSnapshot): number | undefined {
  if (s.value === 'open') return instantMs(s.context.call.closesAt);
  if (s.value !== 'published') return undefined;
  const due = (s.context.results ?? []).flatMap((r) => (r.offer ? [instantMs(r.offer.expiresAt)] : []));
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** The call's own events due by `ms`: the deadline, and every offer that has lapsed. */
function fireDue(s: CallSnapshot, ms: number, at: string): CallEvent[] {
  if (s.value === 'open' && ms >= instantMs(s.context.call.closesAt))
    return [{ type: 'DEADLINE', actor: SYSTEM_ACTOR, at }];
  if (s.value !== 'published') return [];
  return (s.context.results ?? [])
    .filter((r) => r.offer && ms >= instantMs(r.offer.expiresAt))
    .map((r) => ({ type: 'OFFER_EXPIRED', actor: SYSTEM_ACTOR, at, caseId: r.caseId }));
}
