import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { CaseEvent } from '../../domain/events';
import { stageOf } from '../../machines/outgoing-case/view';
import { EffectRunner } from './effect-runner';
import {
  actUpdate,
  auditQuery,
  partnerDocumentSignal,
  refusalQuery,
  upcomingQuery,
  viewQuery,
} from './messages';
import { upcomingOf } from '../upcoming';
import { refuseIfLate, type ActOptions } from '../late-action';
import { CaseRuntime } from './runtime';
import { callDecisionSignal } from '../call/messages';
import { continuesAsNewOnDeparture, readInput, settlesBeforeEnding, type OutgoingCaseRun } from './versions';

/**
 * One outgoing mobility case, from application to closed. The XState machine decides; this workflow
 * receives staff actions as updates, keeps the audit trail, sleeps until the next timer and carries out
 * the effects the machine asks for.
 */
export async function outgoingCaseWorkflow(started: OutgoingCaseRun) {
  const input = readInput(started);
  const rt = new CaseRuntime(input);
  const effects = new EffectRunner(rt, input);

  setHandler(
    actUpdate,
    async (raw) => {
      const event = CaseEvent.parse(raw);
      const verdictBefore = rt.verdictSummary();
      await effects.run(rt.act(event));
      return rt.result(verdictBefore, event.type === 'ATTACH_DOCUMENT' ? event.document.sha256 : undefined);
    },
    {
      validator: (event, options?: ActOptions) => {
        refuseIfLate(options);
        rt.validate(event);
      },
    },
  );
  setHandler(viewQuery, () => rt.view());
  setHandler(auditQuery, () => rt.audit);
  setHandler(refusalQuery, (event) => rt.refusal(event));
  // An escalation without a chain's addressee goes where the state's deadline declares.
  setHandler(upcomingQuery, () => upcomingOf(rt.schedule.pending(), (w) => w.to ?? w.deadline.escalation.to));
  setHandler(partnerDocumentSignal, (doc) => rt.partnerDocument(doc));
  setHandler(callDecisionSignal, (decision) => rt.callDecision(decision));

  const departed = () => stageOf(rt.snapshot.value) === 'mobility';
  const startedAbroad = input.continued !== undefined && departed();
  const settles = settlesBeforeEnding(input);

  /** Runs the case until it is done, or returns true when it should continue as new. */
  const live = async (): Promise<boolean> => {
    for (;;) {
      effects.deliverOutbox();
      // Awaited only when there is something to run: an idle await would reorder replayed commands.
      const requested = rt.takeRequests();
      if (requested.length > 0) {
        await effects.run(requested);
        // What the reports changed is mailed and looked at before the case waits again.
        if (settles) continue;
      }
      if (rt.done) return false;
      if (workflowInfo().continueAsNewSuggested) return true;
      if (continuesAsNewOnDeparture(input) && departed() && !startedAbroad) return true;
      const seen = rt.version;
      const changed = () => rt.version !== seen;
      const next = rt.schedule.nextAt();
      if (next === undefined) {
        await condition(changed);
      } else {
        const wait = next - Date.now();
        if (wait > 0) await condition(changed, wait);
        rt.fireDue(Date.now());
      }
    }
  };

  let renew: boolean;
  try {
    renew = await live();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from the engine (Temporal UI or CLI): the case ends as cancelled, through its own rules
    // (audit line, funds reconciliation, notification), and waits for whatever those still need.
    renew = await CancellationScope.nonCancellable(async () => {
      rt.engineCancelled();
      return live();
    });
  }
  await CancellationScope.nonCancellable(async () => {
    await effects.drained();
    await condition(allHandlersFinished);
  });
  if (renew && settles) {
    await CancellationScope.nonCancellable(settle);
    // A case its last actions closed while the run wound down ends here, not in a run of its own.
    if (rt.done) return rt.outcome();
  }
  if (renew) {
    effects.deliverOutbox();
    await effects.drained();
    return continueAsNew<typeof outgoingCaseWorkflow>({ ...input, continued: rt.carryOver() });
  }
  return rt.outcome();

  /**
   * Actions still reach this run while it winds down: each is applied here, its mail sent and its answer
   * given in a workflow task before the one that continues as new, since the server may lose the answer
   * to an update completed in the continue-as-new's own task (temporalio/temporal#6375). The run goes on
   * only from a task in which nothing happened.
   */
  async function settle(): Promise<void> {
    for (;;) {
      const seen = rt.version;
      await sleep(1);
      await condition(allHandlersFinished);
      const requested = rt.takeRequests();
      if (requested.length > 0) await effects.run(requested);
      effects.deliverOutbox();
      await effects.drained();
      if (rt.version === seen && allHandlersFinished()) return;
    }
  }
}
