import { SimulatedClock, createActor, type AnyStateNode } from 'xstate';
import { getShortestPaths, type StatePath } from 'xstate/graph';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '../../domain/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { leafPaths } from '../../machines/outgoing-case/view';
import { ALL_EVENTS, COMBOS, inputFor, keyOf, leafStateNodes, type Combo, type Snap } from './support';

/**
 * Model-based coverage: the shortest path to every distinct (state, steering context, last event) of the machine,
 * for every track and study basis. Keying on the last event makes every kind of transition the last step of some
 * path, including those that loop back (a passed audition, a declined partner, a learning-agreement change).
 * (`createTestModel` refuses machines with `after` transitions, so paths come from `getShortestPaths` and are
 * replayed on a live actor by hand.) Each path's first step is `xstate.init` with the initial snapshot.
 */
function shortestPaths(combo: Combo) {
  return getShortestPaths(outgoingCaseMachine, {
    input: inputFor(combo),
    events: ALL_EVENTS,
    filterEvents: (snap, event) => snap.can(event),
    serializeState: (snap, event) => `${keyOf(snap)}|${event?.type ?? ''}`,
  });
}
type Path = StatePath<Snap, CaseEvent>;

const pathsByCombo = new Map<string, Path[]>(COMBOS.map((combo) => [combo.join('/'), shortestPaths(combo)]));
const paths = (combo: Combo) => pathsByCombo.get(combo.join('/'))!;
const taken = (path: Path) => path.steps.slice(1).map((s) => s.event);
const idsIn = (snap: Snap) => leafPaths(snap.value).map((p) => `outgoingCase.${p}`);
const reachedIds = (combo: Combo) =>
  new Set(paths(combo).flatMap((p) => p.steps.flatMap((s) => idsIn(s.state))));
const takenTypes = (combo: Combo) => new Set(paths(combo).flatMap((p) => taken(p).map((e) => e.type)));

/** A state left at once by an unguarded eventless transition: never part of a stable snapshot. */
const isTransient = (node: AnyStateNode) => (node.always ?? []).some((t) => t.guard === undefined);
const leafNodes = leafStateNodes();
const stableIds = leafNodes.filter((n) => !isTransient(n)).map((n) => n.id);

/** The spec: which states and events a case of each kind can never see. */
function unreachableIds([track, basis]: Combo): string[] {
  const ids = [
    ...(basis === 'paid'
      ? ['preDeparture.tuition.notRequired']
      : ['preDeparture.tuition.pending', 'preDeparture.tuition.prepaid']),
    ...(track === 'mshe'
      ? ['eligibilityReview.audition', 'preDeparture.grant.notRequired', 'return.financialReport.notRequired']
      : [
          'preDeparture.grant.pending',
          'preDeparture.grant.disbursed',
          'return.financialReport.pending',
          'return.financialReport.accepted',
          'fundsReconciliation',
        ]),
  ];
  return ids.map((id) => `outgoingCase.${id}`).sort();
}
function untakenTypes([track, basis]: Combo): CaseEventType[] {
  const types: CaseEventType[] = [
    ...(basis === 'paid' ? [] : (['CONFIRM_TUITION_PREPAID'] as const)),
    ...(track === 'mshe'
      ? (['REGISTER_FOR_AUDITION', 'RECORD_AUDITION_PASSED', 'RECORD_AUDITION_FAILED'] as const)
      : (['DISBURSE_GRANT', 'ACCEPT_FINANCIAL_REPORT', 'RECONCILE_FUNDS'] as const)),
  ];
  return types.sort();
}

describe('state and event coverage across all inputs', () => {
  test('the machine has the leaf states the spec describes', () => {
    expect(leafNodes.length).toBe(39);
    expect(leafNodes.filter(isTransient).map((n) => n.id)).toEqual([
      'outgoingCase.preDeparture.tuition.deciding',
      'outgoingCase.preDeparture.grant.deciding',
      'outgoingCase.return.financialReport.deciding',
    ]);
  });

  test('every stable atomic and final state node is reached by some path', () => {
    const reached = new Set(COMBOS.flatMap((combo) => [...reachedIds(combo)]));
    expect(stableIds.filter((id) => !reached.has(id))).toEqual([]);
    expect([...reached].filter((id) => !stableIds.includes(id))).toEqual([]);
  });

  test('every target of a transient state is reached', () => {
    const reached = new Set(COMBOS.flatMap((combo) => [...reachedIds(combo)]));
    const targets = leafNodes.filter(isTransient).flatMap((n) => n.always!.flatMap((t) => t.target ?? []));
    expect(targets.length).toBe(6);
    for (const target of targets) expect(reached).toContain(target.id);
  });

  test('every event type is taken by some path', () => {
    const all = new Set(COMBOS.flatMap((combo) => [...takenTypes(combo)]));
    expect(CASE_EVENT_TYPES.filter((type) => !all.has(type))).toEqual([]);
  });
});

describe.each(COMBOS)('paths of %s / %s', (...combo) => {
  test('reach every state except those the track and basis rule out', () => {
    const reached = reachedIds(combo);
    expect(stableIds.filter((id) => !reached.has(id)).sort()).toEqual(unreachableIds(combo));
  });

  test('take every event except those the track and basis rule out', () => {
    const types = takenTypes(combo);
    expect(CASE_EVENT_TYPES.filter((type) => !types.has(type)).sort()).toEqual(untakenTypes(combo));
  });

  test('only the allowed ending states are final, each with a matching outcome', () => {
    const ends = paths(combo)
      .map((p) => p.state)
      .filter((s) => s.status === 'done');
    expect(new Set(ends.map((s) => s.value))).toEqual(
      new Set(['closed', 'withdrawn', 'cancelled', 'rejected']),
    );
    for (const end of ends) {
      if (end.value === 'closed') {
        expect(end.context.outcome).toBeNull();
        expect(end.context.credits).not.toBeNull();
      } else {
        expect(end.context.outcome?.kind).toBe(end.value);
      }
    }
  });

  test('funds are reconciled exactly when a disbursed grant meets a withdrawal, cancellation or refused leave', () => {
    const ENDING = { WITHDRAW: 'withdrawn', CANCEL: 'cancelled', REFUSE_LEAVE: 'rejected' } as const;
    for (const path of paths(combo)) {
      const types = taken(path).map((e) => e.type);
      const ending = types.find((t): t is keyof typeof ENDING => t in ENDING);
      const reconciles = ending !== undefined && types.indexOf('DISBURSE_GRANT') > -1;
      const values = path.steps.map((s) => s.state.value);
      expect(values.includes('fundsReconciliation')).toBe(reconciles);
      if (reconciles && path.state.status === 'done') {
        expect(types.at(-1)).toBe('RECONCILE_FUNDS');
        expect(path.state.value).toBe(ENDING[ending]);
      }
    }
  });

  test('every path replays on a live actor through the same states', () => {
    // getShortestPaths keeps one snapshot per key, so compare keys (value and steering context), not whole contexts.
    for (const path of paths(combo)) {
      const actor = createActor(outgoingCaseMachine, {
        input: inputFor(combo),
        clock: new SimulatedClock(),
      }).start();
      const seen = [keyOf(actor.getSnapshot())];
      for (const { event } of path.steps.slice(1)) {
        actor.send(event);
        seen.push(keyOf(actor.getSnapshot()));
      }
      expect(seen).toEqual(path.steps.map((s) => keyOf(s.state)));
      actor.stop();
    }
    expect(paths(combo).length).toBeGreaterThan(20);
  });
});
