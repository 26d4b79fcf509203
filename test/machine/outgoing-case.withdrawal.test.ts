import type { MachineEvent } from '../../machines/outgoing-case/events';
import { stageOf } from '../../machines/outgoing-case/view';
import { before, happyPath, recordFor } from './paths';
import {
  HAPPY_COMBOS,
  ROLES,
  ev,
  leaves,
  notifications,
  recordRead,
  recordUnavailable,
  rolesAccepting,
  run,
  start,
  step,
  submit,
  type Combo,
  stateOf,
} from './support';

/** Who ends a case, how, and the final state it ends in. */
const ENDINGS = [
  { type: 'WITHDRAW', role: 'student', kind: 'withdrawn' },
  { type: 'CANCEL', role: 'di_officer', kind: 'cancelled' },
] as const;

/** Every prefix of the happy path, plus detours, for each track: the states a case can be ended from. */
function prefixes([track, basis]: Combo): { label: string; events: MachineEvent[] }[] {
  const path = happyPath(track, basis);
  const onPath = path.map((_, k) => ({ label: `after ${k} steps`, events: path.slice(0, k) }));
  const detours = [
    { label: 'with the record unavailable', events: [submit(), recordUnavailable()] },
    {
      label: 'with documents complete, the record being re-read',
      events: [...before(path, 'CONFIRM_ELIGIBILITY'), ev('REEVALUATE_ELIGIBILITY', 'di_officer')],
    },
    ...(track === 'mshe'
      ? []
      : [
          {
            label: 'in audition',
            events: [
              submit(),
              recordRead(recordFor(basis, 'noEnglish')),
              ev('REGISTER_FOR_AUDITION', 'student'),
            ],
          },
        ]),
    {
      label: 'during a learning-agreement change',
      events: [...before(path, 'END_MOBILITY'), ev('REQUEST_LEARNING_AGREEMENT_CHANGE', 'student')],
    },
  ];
  return [...onPath, ...detours];
}

const cases = HAPPY_COMBOS.flatMap((combo) =>
  prefixes(combo).flatMap(({ label, events }) =>
    ENDINGS.map((ending) => ({
      combo,
      label,
      events,
      ending,
      name: `${combo.join('/')} ${label}: ${ending.type}`,
    })),
  ),
);

describe('withdrawal and cancellation', () => {
  test.each(cases)('$name', ({ combo, events, ending }) => {
    const snap = run(start(combo), events);
    const disbursed = events.some((e) => e.type === 'DISBURSE_GRANT');
    expect(snap.context.grantDisbursed).toBe(disbursed);
    const stage = stageOf(snap.value);
    const event = ev(ending.type, ending.role, { reason: 'family reasons' });

    // Once the dean's office recalculates credits (and, version 6, the statement is issued) nobody ends it early.
    const late = stage === 'creditRecalculation' || stage === 'issuingStatement';
    expect(rolesAccepting(snap, ending.type)).toEqual(late ? [] : [ending.role]);
    const [next, actions] = step(snap, event);
    if (late) {
      expect(stateOf(next)).toEqual(stateOf(snap));
      return;
    }
    expect(next.context.outcome).toEqual({ kind: ending.kind, reason: 'family reasons', by: event.actor });
    if (!disbursed) {
      expect(stateOf(next)).toBe(ending.kind);
      expect(next.status).toBe('done');
      return;
    }
    expect(stateOf(next)).toBe('fundsReconciliation');
    expect(notifications(actions)).toContainEqual({ template: 'fundsToReconcile', to: 'finance' });
    expect(rolesAccepting(next, 'RECONCILE_FUNDS')).toEqual(['finance']);
    expect(rolesAccepting(next, 'WITHDRAW')).toEqual([]);
    expect(rolesAccepting(next, 'CANCEL')).toEqual([]);
    const done = run(next, [ev('RECONCILE_FUNDS', 'finance')]);
    expect(stateOf(done)).toBe(ending.kind);
    expect(done.status).toBe('done');
    expect(done.context.outcome).toEqual(next.context.outcome);
  });

  test('the test table reaches every stage before credit recalculation, and that one', () => {
    const reached = new Set(cases.map(({ combo, events }) => leaves(run(start(combo), events)).join(',')));
    for (const stage of [
      'application',
      'eligibilityReview.eligibility.readingRecord,eligibilityReview.documents.incomplete',
      'eligibilityReview.eligibility.readingRecord,eligibilityReview.documents.complete',
      'eligibilityReview.eligibility.recordUnavailable,eligibilityReview.documents.incomplete',
      'eligibilityReview.eligibility.assessed,eligibilityReview.documents.incomplete',
      'eligibilityReview.eligibility.assessed,eligibilityReview.documents.complete',
      'eligibilityReview.eligibility.audition,eligibilityReview.documents.incomplete',
      'competition',
      'placement.nomination',
      'placement.awaitingInvitation',
      'readyToDepart',
      'mobility.abroad',
      'mobility.learningAgreementChange',
      'creditRecalculation',
    ]) {
      expect(reached).toContain(stage);
    }
    expect([...reached].filter((s) => s.startsWith('preDeparture.')).length).toBeGreaterThan(4);
    expect([...reached].filter((s) => s.startsWith('return.')).length).toBeGreaterThan(2);
  });

  // Regression: WITHDRAW and CANCEL live on the root, which stays active in final states; they used to move a
  // closed or rejected case to withdrawn/cancelled (or to fundsReconciliation with status still 'done').
  const mshe = happyPath('mshe', 'state_grant');
  const finals = [
    ['closed', mshe],
    [
      'rejected',
      [
        ...before(mshe, 'APPROVE_LEAVE'),
        ev('DISBURSE_GRANT', 'finance'),
        ev('REFUSE_LEAVE', 'vice_rector'),
        ev('RECONCILE_FUNDS', 'finance'),
      ],
    ],
    ['rejected', [...before(mshe, 'CONFIRM_ELIGIBILITY'), ev('REJECT_APPLICATION', 'di_officer')]],
    ['withdrawn', [ev('WITHDRAW', 'student')]],
    ['cancelled', [ev('CANCEL', 'di_officer')]],
  ] as const;
  test.each(finals.flatMap(([name, events]) => ENDINGS.map((e) => [name, e.type, events, e] as const)))(
    'a %s case refuses %s',
    (name, _, events, ending) => {
      const snap = run(start(['mshe', 'state_grant']), events);
      expect(stateOf(snap)).toBe(name);
      expect(snap.status).toBe('done');
      expect(rolesAccepting(snap, ending.type)).toEqual([]);
      const [next] = step(snap, ev(ending.type, ending.role));
      expect(stateOf(next)).toBe(name);
      expect(next.context.outcome).toEqual(snap.context.outcome);
    },
  );

  test('a case rejected by a failed audition refuses both', () => {
    const snap = run(start(['erasmus', 'paid']), [
      submit(),
      recordRead(recordFor('paid', 'noEnglish')),
      ev('REGISTER_FOR_AUDITION', 'student'),
      ev('RECORD_AUDITION_FAILED', 'snss'),
    ]);
    expect(stateOf(snap)).toBe('rejected');
    for (const ending of ENDINGS) {
      expect(rolesAccepting(snap, ending.type)).toEqual([]);
      expect(step(snap, ev(ending.type, ending.role))[0].context.outcome).toEqual(snap.context.outcome);
    }
  });

  test.each(ROLES.filter((r) => r !== 'finance'))('%s cannot reconcile funds', (role) => {
    const snap = run(start(['mshe', 'state_grant']), [...before(mshe, 'DEPART'), ev('CANCEL', 'di_officer')]);
    expect(stateOf(snap)).toBe('fundsReconciliation');
    expect(snap.can(ev('RECONCILE_FUNDS', role))).toBe(false);
    expect(step(snap, ev('RECONCILE_FUNDS', role))[0].value).toBe('fundsReconciliation');
  });
});
