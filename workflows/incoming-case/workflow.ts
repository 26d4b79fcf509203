import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
} from '@temporalio/workflow';
import { IncomingEvent } from '../../domain/incoming';
import type { IncomingCaseInput } from '../../machines/incoming-case/context';
import { refuseIfLate, type ActOptions } from '../late-action';
import { IncomingEffectRunner } from './effect-runner';
import {
  incomingActUpdate,
  incomingAuditQuery,
  incomingRefusalQuery,
  incomingUpcomingQuery,
  incomingViewQuery,
} from './messages';
import { upcomingOf } from '../upcoming';
import { IncomingRuntime } from './runtime';

/**
 * One partner student's stay at KBTU, from nomination to the transcript sent to the partner. The incoming
 * XState machine decides; this workflow takes actions as updates (validated by the same machine), keeps
 * the audit trail, sleeps until the one-month promise's next reminder or escalation (a durable timer)
 * and carries out the effects the machine asks for.
 */
export async function incomingCaseWorkflow(input: IncomingCaseInput) {
  const rt = new IncomingRuntime(input);
  const effects = new IncomingEffectRunner(rt, input);

  setHandler(
    incomingActUpdate,
    async (raw) => {
      const event = IncomingEvent.parse(raw);
      await effects.run(rt.act(event));
      return rt.result(event.type === 'ATTACH_DOCUMENT' ? event.document.sha256 : undefined);
    },
    {
      validator: (event, options?: ActOptions) => {
        refuseIfLate(options);
        rt.validate(event);
      },
    },
  );
  setHandler(incomingViewQuery, () => rt.view());
  setHandler(incomingAuditQuery, () => rt.audit);
  setHandler(incomingRefusalQuery, (event) => rt.refusal(event));
  setHandler(incomingUpcomingQuery, () => upcomingOf(rt.schedule.pending(), (w) => w.to));

  const live = async (): Promise<void> => {
    for (;;) {
      effects.deliverOutbox();
      // Awaited only when there is something to run: an idle await would reorder replayed commands.
      const requested = rt.takeRequests();
      if (requested.length > 0) await effects.run(requested);
      if (rt.done) return;
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

  try {
    await live();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from the engine: the case ends as cancelled through its own rules, told to DI.
    await CancellationScope.nonCancellable(async () => {
      rt.engineCancelled();
      await live();
    });
  }
  await CancellationScope.nonCancellable(async () => {
    await effects.drained();
    await condition(allHandlersFinished);
  });
  return rt.outcome();
}
