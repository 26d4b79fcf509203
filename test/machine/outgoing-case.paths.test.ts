import { SimulatedClock, createActor, type AnyStateNode } from 'xstate';
import { CASE_EVENT_TYPES } from '../../domain/events';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { leafPaths } from '../../machines/outgoing-case/view';
import { keyOf, shortestPaths, type Path } from './explore';
import { PROFILES, type Profile } from './paths';
import {
  COMBOS,
  SYSTEM_EVENT_TYPES,
  inputFor,
  leafStateNodes,
  type Combo,
  type Snap,
  stateOf,
} from './support';

/**
 * Model-based coverage: the shortest path to every distinct (state, steering context, last event) of the machine,
 * for every track and study basis, with a record showing English on the transcript and one without. (`createTestModel`
 * refuses machines with `after` transitions, so paths come from `getShortestPaths` and are replayed on a live actor
 * by hand.) Each path's first step is `xstate.init` with the initial snapshot.
 */
const CASES = COMBOS.flatMap((combo) => PROFILES.map((profile) => ({ combo, profile })));
const pathsOf = new Map(
  CASES.map(({ combo, profile }) => [`${combo.join('/')}:${profile}`, shortestPaths(combo, profile)]),
);
const paths = (combo: Combo, profile: Profile) => pathsOf.get(`${combo.join('/')}:${profile}`)!;
const taken = (path: Path) => path.steps.slice(1).map((s) => s.event);
const idsIn = (snap: Snap) => leafPaths(snap.value).map((p) => `outgoingCase.${p}`);
const reachedIds = (combo: Combo, profile: Profile) =>
  new Set(paths(combo, profile).flatMap((p) => p.steps.flatMap((s) => idsIn(s.state))));
const takenTypes = (combo: Combo, profile: Profile) =>
  new Set(paths(combo, profile).flatMap((p) => taken(p).map((e) => e.type)));
// Timer, failed-check and engine reports are not generated on paths: the timer and workflow tests take them.
const OFF_PATH = ['DOCUMENT_CHECK_FAILED', 'DEADLINE_REMINDER', 'DEADLINE_ESCALATION', 'ENGINE_CANCELLED'];
const ALL_TYPES: MachineEvent['type'][] = [...CASE_EVENT_TYPES, ...SYSTEM_EVENT_TYPES].filter(
  (t) => !OFF_PATH.includes(t),
);

/** A state left at once by an unguarded eventless transition: never part of a stable snapshot. */
const isTransient = (node: AnyStateNode) => (node.always ?? []).some((t) => t.guard === undefined);
const leafNodes = leafStateNodes();
const stableIds = leafNodes.filter((n) => !isTransient(n)).map((n) => n.id);

/** Whether the applicant can ever be confirmed: MSHE takes only students on a state grant. */
const canBeConfirmed = ([track, basis]: Combo) => !(track === 'mshe' && basis === 'paid');
const auditionOpen = ([track]: Combo, profile: Profile) => track !== 'mshe' && profile === 'noEnglish';
const AFTER_REVIEW = stableIds
  .map((id) => id.replace('outgoingCase.', '').replace(/^open\./, ''))
  .filter((id) => !/^(application|eligibilityReview\..*|withdrawn|cancelled|rejected)$/.test(id));

/** The spec: which states a case of each kind can never see. */
function unreachableIds(combo: Combo, profile: Profile): string[] {
  const [track, basis] = combo;
  const ids = [
    ...(auditionOpen(combo, profile) ? [] : ['eligibilityReview.eligibility.audition']),
    ...(!canBeConfirmed(combo)
      ? AFTER_REVIEW
      : [
          ...(basis === 'paid'
            ? ['preDeparture.tuition.notRequired']
            : ['preDeparture.tuition.pending', 'preDeparture.tuition.prepaid']),
          ...(track === 'mshe'
            ? ['preDeparture.grant.notRequired', 'return.financialReport.notRequired']
            : [
                'preDeparture.grant.pending',
                'preDeparture.grant.disbursed',
                'return.financialReport.pending',
                'return.financialReport.refundDue',
                'return.financialReport.accepted',
                'fundsReconciliation',
                'fundsRefundDue',
              ]),
        ]),
  ];
  const top = new Set([
    'creditRecalculation',
    'issuingStatement',
    'fundsReconciliation',
    'fundsRefundDue',
    'closed',
    'withdrawn',
    'cancelled',
    'rejected',
  ]);
  return ids.map((id) => `outgoingCase.${top.has(id.split('.')[0]!) ? '' : 'open.'}${id}`).sort();
}
const REVIEW_TYPES = [
  'SUBMIT_APPLICATION',
  'STUDENT_RECORD_READ',
  'STUDENT_RECORD_UNAVAILABLE',
  'REEVALUATE_ELIGIBILITY',
  'RECORD_IELTS',
  'ATTACH_DOCUMENT',
  'DOCUMENT_CHECKED',
  'CONFIRM_PAPER_FOLDER',
  'REJECT_APPLICATION',
  'WITHDRAW',
  'CANCEL',
  'NOTIFICATION_UNDELIVERED',
  'RESEND_MESSAGE',
];
/** The spec: which events a case of each kind never takes. */
function untakenTypes(combo: Combo, profile: Profile): string[] {
  const [track, basis] = combo;
  if (!canBeConfirmed(combo)) return ALL_TYPES.filter((t) => !REVIEW_TYPES.includes(t)).sort();
  return [
    ...(auditionOpen(combo, profile)
      ? []
      : ['REGISTER_FOR_AUDITION', 'RECORD_AUDITION_PASSED', 'RECORD_AUDITION_FAILED']),
    ...(basis === 'paid' ? [] : ['CONFIRM_TUITION_PREPAID']),
    ...(track === 'mshe'
      ? []
      : [
          'CONFIRM_PAPER_FOLDER',
          'DISBURSE_GRANT',
          'ACCEPT_FINANCIAL_REPORT',
          'CONFIRM_REFUND',
          'RECONCILE_FUNDS',
        ]),
  ].sort();
}

describe('state and event coverage across all inputs', () => {
  const reached = new Set(CASES.flatMap(({ combo, profile }) => [...reachedIds(combo, profile)]));

  test('the machine has the leaf states the spec describes', () => {
    // Version 6 adds the statement being issued before a case closes.
    expect(leafNodes.length).toBe(49);
    expect(leafNodes.filter(isTransient).map((n) => n.id)).toEqual([
      'outgoingCase.open.preDeparture.tuition.deciding',
      'outgoingCase.open.preDeparture.grant.deciding',
      'outgoingCase.open.return.financialReport.deciding',
      'outgoingCase.open.return.financialReport.settling',
      'outgoingCase.ending',
      'outgoingCase.fundsSettling',
    ]);
  });

  test('every stable atomic and final state node is reached by some path', () => {
    expect(stableIds.filter((id) => !reached.has(id))).toEqual([]);
    expect([...reached].filter((id) => !stableIds.includes(id))).toEqual([]);
  });

  test('every target of a transient state is reached', () => {
    const targets = leafNodes.filter(isTransient).flatMap((n) => n.always!.flatMap((t) => t.target ?? []));
    expect(targets.length).toBe(14);
    // A transient target (the early end) is left at once: its own targets are checked instead.
    for (const target of targets.filter((t) => !isTransient(t))) expect(reached).toContain(target.id);
  });

  test('every event type is taken by some path', () => {
    const all = new Set(CASES.flatMap(({ combo, profile }) => [...takenTypes(combo, profile)]));
    expect(ALL_TYPES.filter((type) => !all.has(type))).toEqual([]);
  });
});

describe.each(CASES)('paths of $combo with a $profile record', ({ combo, profile }) => {
  test('reach every state except those the track, basis and record rule out', () => {
    const reached = reachedIds(combo, profile);
    expect(stableIds.filter((id) => !reached.has(id)).sort()).toEqual(unreachableIds(combo, profile));
  });

  test('take every event except those the track, basis and record rule out', () => {
    const types = takenTypes(combo, profile);
    expect(ALL_TYPES.filter((type) => !types.has(type)).sort()).toEqual(untakenTypes(combo, profile));
  });

  test('only the allowed ending states are final, each with a matching outcome', () => {
    const ends = paths(combo, profile)
      .map((p) => p.state)
      .filter((s) => s.status === 'done');
    const closes = canBeConfirmed(combo) ? ['closed'] : [];
    expect(new Set(ends.map((s) => stateOf(s)))).toEqual(
      new Set([...closes, 'withdrawn', 'cancelled', 'rejected']),
    );
    for (const end of ends) {
      if (stateOf(end) === 'closed') {
        expect(end.context.outcome).toBeNull();
        expect(end.context.credits).not.toBeNull();
      } else {
        expect(end.context.outcome?.kind).toBe(stateOf(end));
      }
    }
  });

  test('every way into rejected is taken, and no other', () => {
    const ways = paths(combo, profile)
      .filter(
        (p) => stateOf(p.state) === 'rejected' && stateOf(p.steps.at(-2)?.state ?? p.state) !== 'rejected',
      )
      .map((p) => p.steps.at(-1)!.event.type);
    const later = canBeConfirmed(combo)
      ? [
          'DECLARE_NOT_SELECTED',
          'CALL_DECISION', // version 3: the call did not select the student
          'REFUSE_LEAVE',
          ...(combo[0] === 'mshe' ? ['RECONCILE_FUNDS', 'CONFIRM_REFUND'] : []),
        ]
      : [];
    const audition = auditionOpen(combo, profile) ? ['RECORD_AUDITION_FAILED'] : [];
    expect([...new Set(ways)].sort()).toEqual(['REJECT_APPLICATION', ...audition, ...later].sort());
  });

  test('a confirmed eligibility always had an eligible verdict, an assessed record and complete documents', () => {
    for (const path of paths(combo, profile)) {
      const i = path.steps.findIndex((s) => s.event.type === 'CONFIRM_ELIGIBILITY');
      if (i < 0) continue;
      const at = path.steps[i - 1]!.state;
      expect(at.context.eligibility?.eligible).toBe(true);
      expect(stateOf(at)).toEqual({ eligibilityReview: { eligibility: 'assessed', documents: 'complete' } });
      expect(stateOf(path.steps[i]!.state)).toBe('competition');
    }
  });

  test('funds are reconciled exactly when a disbursed grant meets a withdrawal, cancellation or refused leave', () => {
    const ENDING = { WITHDRAW: 'withdrawn', CANCEL: 'cancelled', REFUSE_LEAVE: 'rejected' } as const;
    for (const path of paths(combo, profile)) {
      const types = taken(path).map((e) => e.type);
      const ending = types.find((t): t is keyof typeof ENDING => t in ENDING);
      const reconciles = ending !== undefined && types.includes('DISBURSE_GRANT');
      const values = path.steps.map((s) => stateOf(s.state));
      expect(values.includes('fundsReconciliation')).toBe(reconciles);
      if (reconciles && path.state.status === 'done') {
        // Reconciled at once, or once the unspent allowance is refunded.
        expect(['RECONCILE_FUNDS', 'CONFIRM_REFUND']).toContain(types.at(-1));
        expect(stateOf(path.state)).toBe(ENDING[ending]);
      }
    }
  });

  test('every path replays on a live actor through the same states', () => {
    // getShortestPaths keeps one snapshot per key, so compare keys (value and steering context), not whole contexts.
    for (const path of paths(combo, profile)) {
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
    expect(paths(combo, profile).length).toBeGreaterThan(150);
  });
});
