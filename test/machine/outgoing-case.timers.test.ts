import { SYSTEM_ACTOR } from '../../domain/actor';
import { addWorkingDays } from '../../domain/calendar';
import { DeadlineChain } from '../../domain/policy-chains';
import { deadlineEffects, effectsOf } from '../../machines/outgoing-case/effects';
import { activeDeadlines } from '../../machines/outgoing-case/view';
import { Schedule } from '../../workflows/outgoing-case/schedule';
import { scheduleRules } from '../../workflows/outgoing-case/versions';
import { before, happyPath } from './paths';
import {
  DAY_MS,
  ev,
  inputFor,
  notifications,
  run,
  start,
  step,
  stateOf,
  type Combo,
  type Snap,
} from './support';

/**
 * Deadlines are declared on the states that watch them; a move between states starts and stops their
 * timers (watch/unwatch effects), and the deadline's reminder and escalation are machine events whose
 * effects are notifications. One mechanism, read from the machine.
 */

const combo: Combo = ['mshe', 'state_grant'];
const path = happyPath(...combo);
const watched = (s: Snap) => activeDeadlines(s).map((d) => d.id);
const effectsBetween = (a: Snap, b: Snap) => deadlineEffects(activeDeadlines(a), activeDeadlines(b));

test.each([
  ['NOMINATE_TO_PARTNER', ['invitationLetter']],
  ['END_MOBILITY', ['returnDocuments']],
] as const)('%s enters a state that watches %j', (type, ids) => {
  const waiting = run(start(combo), before(path, type));
  const next = step(
    waiting,
    path.find((e) => e.type === type)!,
  )[0];
  expect(watched(next)).toEqual(ids);
  expect(effectsBetween(waiting, next)).toEqual(
    ids.map((id) =>
      expect.objectContaining({ type: 'watchDeadline', deadline: expect.objectContaining({ id }) }),
    ),
  );
});

test.each([
  ['RECORD_INVITATION_LETTER', ev('RECORD_INVITATION_LETTER', 'partner')],
  ['RECORD_PARTNER_DECLINED', ev('RECORD_PARTNER_DECLINED', 'partner')],
  ['CANCEL', ev('CANCEL', 'di_officer')],
])('leaving awaitingInvitation by %s unwatches the invitation letter', (_, event) => {
  const waiting = run(start(combo), before(path, 'RECORD_INVITATION_LETTER'));
  const next = step(waiting, event)[0];
  expect(effectsBetween(waiting, next)).toEqual([{ type: 'unwatchDeadline', id: 'invitationLetter' }]);
});

test.each([
  ['completing the return documents', ev('ACCEPT_FINANCIAL_REPORT', 'finance'), 'creditRecalculation'],
  ['WITHDRAW', ev('WITHDRAW', 'student'), 'fundsReconciliation'],
])('leaving return by %s unwatches the return documents', (_, event, target) => {
  const waiting = run(start(combo), before(path, 'ACCEPT_FINANCIAL_REPORT'));
  const next = step(waiting, event)[0];
  expect(stateOf(next)).toBe(target);
  expect(effectsBetween(waiting, next)).toEqual([{ type: 'unwatchDeadline', id: 'returnDocuments' }]);
});

test('the reminder and the escalation are notifications the deadline names, and move nothing', () => {
  const waiting = run(start(combo), before(path, 'RECORD_INVITATION_LETTER'));
  const deadline = { ...activeDeadlines(waiting)[0]!, dueAt: 0 };
  for (const [event, expected] of [
    [
      { type: 'DEADLINE_REMINDER', actor: SYSTEM_ACTOR, deadline, daysBefore: 3 },
      { template: 'deadlineReminder', to: 'di_officer' },
    ],
    [
      { type: 'DEADLINE_ESCALATION', actor: SYSTEM_ACTOR, deadline },
      { template: 'invitationLetterOverdue', to: 'di_officer' },
    ],
  ] as const) {
    const [next, actions] = step(waiting, event);
    expect(stateOf(next)).toEqual(stateOf(waiting));
    expect(next.context).toBe(waiting.context);
    expect(effectsOf(actions, event, next.context)).toEqual([
      expect.objectContaining({ type: 'notify', ...expected }),
    ]);
    expect(notifications(actions)).toEqual([]);
  }
});

describe('the schedule of a watched deadline', () => {
  const input = inputFor(combo);
  const meta = activeDeadlines(run(start(combo), before(path, 'RECORD_INVITATION_LETTER')))[0]!;
  // Entered on Wednesday 2026-12-09 09:00 in Almaty: due 30 days later, on Friday 2027-01-08, so the
  // working-day grace runs over a weekend.
  const entered = Date.parse('2026-12-09T09:00:00+05:00');

  test.each([
    ['version 2: working days of the pinned calendar', 2],
    ['version 1: calendar days, as those cases ran', 1],
  ])('%s', (_, machineVersion) => {
    const rules = scheduleRules({ ...input, machineVersion });
    const schedule = new Schedule(rules);
    schedule.watch(meta, entered);
    const due = entered + input.policy.timings.invitationLetterDays * DAY_MS;
    const grace = input.policy.timings.escalationWorkingDaysAfter;
    const escalation = machineVersion >= 2 ? addWorkingDays(due, grace, input.policy) : due + grace * DAY_MS;
    const wakeups = schedule.takeDue(Number.MAX_SAFE_INTEGER);
    expect(wakeups.map((w) => [w.kind, w.at])).toEqual([
      ...input.policy.timings.reminderDaysBefore.map((d) => ['reminder', due - d * DAY_MS]),
      ['escalation', escalation],
    ]);
    if (machineVersion >= 2) expect(escalation).toBeGreaterThan(due + grace * DAY_MS);
  });
});

describe('version 4: the policy chain of a deadline', () => {
  const input = inputFor(combo);
  const meta = activeDeadlines(run(start(combo), before(path, 'RECORD_INVITATION_LETTER')))[0]!;
  const entered = Date.parse('2026-12-09T09:00:00+05:00');
  const chains = {
    invitationLetter: {
      remindWorkingDaysBefore: [2],
      escalations: [
        { to: 'di_officer' as const, workingDaysAfter: 1 },
        { to: 'head:di_officer' as const, workingDaysAfter: 3 },
      ],
    },
  };
  const withChains = (machineVersion: number) => ({
    ...input,
    machineVersion,
    policy: {
      ...input.policy,
      holidays: ['2027-01-07'],
      timings: { ...input.policy.timings, chains },
    },
  });
  const iso = (ms: number) => new Date(ms).toISOString();

  test('reminders before and each level after, in working days over the weekend', () => {
    const schedule = new Schedule(scheduleRules(withChains(4)));
    schedule.watch(meta, entered);
    // Due Friday 2027-01-08 09:00 Almaty. Two working days before skip the Orthodox Christmas holiday
    // (Thursday the 7th): Tuesday the 5th. One and three after, over the weekend: the 11th and the 13th.
    expect(
      schedule.takeDue(Number.MAX_SAFE_INTEGER).map((w) => [w.kind, iso(w.at), 'to' in w ? w.to : undefined]),
    ).toEqual([
      ['reminder', '2027-01-05T04:00:00.000Z', undefined],
      ['escalation', '2027-01-11T04:00:00.000Z', 'di_officer'],
      ['escalation', '2027-01-13T04:00:00.000Z', 'head:di_officer'],
    ]);
  });

  test('an escalation level mails its addressee: the last one the head of the office', () => {
    const waiting = run(start(combo), before(path, 'RECORD_INVITATION_LETTER'));
    const deadline = { ...meta, dueAt: entered };
    const event = {
      type: 'DEADLINE_ESCALATION',
      actor: SYSTEM_ACTOR,
      deadline,
      to: 'head:di_officer',
    } as const;
    const [next, actions] = step(waiting, event);
    expect(effectsOf(actions, event, next.context)).toEqual([
      expect.objectContaining({ type: 'notify', template: 'invitationLetterOverdue', to: 'head:di_officer' }),
    ]);
  });

  test('a version-3 case keeps one level, whatever the policy says', () => {
    const schedule = new Schedule(scheduleRules(withChains(3)));
    schedule.watch(meta, entered);
    expect(schedule.takeDue(Number.MAX_SAFE_INTEGER).filter((w) => w.kind === 'escalation')).toHaveLength(1);
  });

  test('an extension moves the deadline and plans its timers again; those already past stay sent', () => {
    const schedule = new Schedule(scheduleRules(withChains(4)));
    schedule.watch(meta, entered);
    // On Wednesday 2027-01-06, after the reminder of the 5th went, DI extends the deadline by 7 days.
    const now = Date.parse('2027-01-06T09:00:00+05:00');
    expect(schedule.takeDue(now).map((w) => iso(w.at))).toEqual(['2027-01-05T04:00:00.000Z']);
    const moved = schedule.extend('invitationLetter', 7, now);
    expect(moved && [iso(moved.before.dueAt), iso(moved.after.dueAt)]).toEqual([
      '2027-01-08T04:00:00.000Z',
      '2027-01-15T04:00:00.000Z',
    ]);
    expect(schedule.trackedDeadlines().map((d) => iso(d.dueAt))).toEqual(['2027-01-15T04:00:00.000Z']);
    // Due Friday the 15th: reminded Wednesday the 13th, escalated Monday the 18th and Wednesday the 20th.
    expect(
      schedule.takeDue(Number.MAX_SAFE_INTEGER).map((w) => [w.kind, iso(w.at), iso(w.deadline.dueAt)]),
    ).toEqual([
      ['reminder', '2027-01-13T04:00:00.000Z', '2027-01-15T04:00:00.000Z'],
      ['escalation', '2027-01-18T04:00:00.000Z', '2027-01-15T04:00:00.000Z'],
      ['escalation', '2027-01-20T04:00:00.000Z', '2027-01-15T04:00:00.000Z'],
    ]);
    expect(schedule.extend('returnDocuments', 7, now)).toBeUndefined();
  });

  test('an extension after the deadline sends no reminder that is already late, and escalates again', () => {
    const schedule = new Schedule(scheduleRules(withChains(4)));
    schedule.watch(meta, entered);
    // Thursday the 14th: the deadline of the 8th and both its levels have passed.
    const now = Date.parse('2027-01-14T09:00:00+05:00');
    expect(schedule.takeDue(now)).toHaveLength(3);
    schedule.extend('invitationLetter', 7, now);
    // Due the 15th: its reminder (the 13th) is past and not sent; both levels are planned again.
    expect(schedule.takeDue(Number.MAX_SAFE_INTEGER).map((w) => [w.kind, iso(w.at)])).toEqual([
      ['escalation', '2027-01-18T04:00:00.000Z'],
      ['escalation', '2027-01-20T04:00:00.000Z'],
    ]);
  });

  test('the last level must be a head of office', () => {
    const bad = { ...chains.invitationLetter, escalations: [{ to: 'di_officer', workingDaysAfter: 1 }] };
    expect(DeadlineChain.safeParse(bad).error?.issues[0]?.message).toMatch(/head of office|office's head/);
    expect(DeadlineChain.safeParse(chains.invitationLetter).success).toBe(true);
  });
});
