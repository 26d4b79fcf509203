import { performance } from 'node:perf_hooks';
import { initialTransition, transition } from 'xstate';
import { outgoingCaseMachine } from '../machines/outgoing-case/machine';
import { allowedActions } from '../machines/outgoing-case/view';
import { caseInput } from '../test/helpers/fixtures';
import { happyPath } from '../test/machine/paths';

function perSecond(ops: number, ms: number): number {
  return Math.round((ops / ms) * 1000);
}

/**
 * Pure machine throughput: a transition against the `allowedActions` probe every case view runs
 * (one `can` per event type and role), so a view's cost is seen relative to a step's.
 */
export function benchMachine(rounds: number) {
  const input = caseInput('mshe');
  // The machine's own events: the workflow's record read and document checks included.
  const events = happyPath('mshe', 'state_grant');
  let steps = 0;
  let t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    let [snap] = initialTransition(outgoingCaseMachine, input);
    for (const e of events) {
      [snap] = transition(outgoingCaseMachine, snap, e);
      steps++;
    }
  }
  const transitionMs = performance.now() - t0;

  const snapshots = [];
  let [snap] = initialTransition(outgoingCaseMachine, input);
  for (const e of events) {
    snapshots.push(snap);
    [snap] = transition(outgoingCaseMachine, snap, e);
  }
  let views = 0;
  t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const s of snapshots) {
      allowedActions(s);
      views++;
    }
  }
  const viewMs = performance.now() - t0;
  return {
    transitionsPerSecond: perSecond(steps, transitionMs),
    allowedActionsPerSecond: perSecond(views, viewMs),
    viewCostInTransitions: +(viewMs / views / (transitionMs / steps)).toFixed(1),
  };
}
