import { transition } from 'xstate';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { policy } from '../helpers/fixtures';
import { before, happyPath } from './paths';
import {
  DAY_MS,
  cancelActions,
  ev,
  inputFor,
  notifications,
  raiseActions,
  run,
  start,
  step,
  type Combo,
} from './support';

/** The escalation timers the states declare with `after`, under the timings the case pinned. */

const timings = (invitationLetterDays: number, returnDocumentsDays: number, escalationDaysAfter: number) => ({
  ...policy,
  timings: {
    invitationLetterDays,
    returnDocumentsDays,
    reminderDaysBefore: [3],
    escalationWorkingDaysAfter: escalationDaysAfter,
  },
});

const combo: Combo = ['mshe', 'state_grant'];
const path = happyPath(...combo);
const nominate = path.find((e) => e.type === 'NOMINATE_TO_PARTNER')!;
const invitationId = 'xstate.after.invitationEscalation.outgoingCase.placement.awaitingInvitation';
const returnId = 'xstate.after.returnEscalation.outgoingCase.return';

describe.each([
  [30, 30, 2],
  [14, 45, 5],
  [1, 365, 1],
])('after-delays under invitation %i d, return %i d, escalation %i d', (invitation, ret, escalation) => {
  const begin = () => start(combo, { ...inputFor(combo), policy: timings(invitation, ret, escalation) });

  test('entering awaitingInvitation raises the escalation after invitationLetterDays + escalationDaysAfter', () => {
    const [, actions] = step(run(begin(), before(path, 'NOMINATE_TO_PARTNER')), nominate);
    expect(raiseActions(actions)).toEqual([
      expect.objectContaining({
        params: expect.objectContaining({ id: invitationId, delay: (invitation + escalation) * DAY_MS }),
      }),
    ]);
  });

  test.each([
    ['RECORD_INVITATION_LETTER', ev('RECORD_INVITATION_LETTER', 'partner')],
    ['RECORD_PARTNER_DECLINED', ev('RECORD_PARTNER_DECLINED', 'partner')],
    ['CANCEL', ev('CANCEL', 'di_officer')],
  ])('leaving awaitingInvitation by %s cancels it', (_, event) => {
    const [, actions] = step(run(begin(), before(path, 'RECORD_INVITATION_LETTER')), event);
    expect(cancelActions(actions)).toEqual([expect.objectContaining({ params: { sendId: invitationId } })]);
    expect(raiseActions(actions)).toEqual([]);
  });

  test('entering return raises the escalation after returnDocumentsDays + escalationDaysAfter', () => {
    const [, actions] = step(run(begin(), before(path, 'END_MOBILITY')), ev('END_MOBILITY', 'di_officer'));
    expect(raiseActions(actions)).toEqual([
      expect.objectContaining({
        params: expect.objectContaining({ id: returnId, delay: (ret + escalation) * DAY_MS }),
      }),
    ]);
  });

  test.each([
    ['completing the return documents', ev('ACCEPT_FINANCIAL_REPORT', 'finance'), 'creditRecalculation'],
    ['WITHDRAW', ev('WITHDRAW', 'student'), 'fundsReconciliation'],
  ])('leaving return by %s cancels it', (_, event, target) => {
    const [next, actions] = step(run(begin(), before(path, 'ACCEPT_FINANCIAL_REPORT')), event);
    expect(next.value).toBe(target);
    expect(cancelActions(actions)).toEqual([expect.objectContaining({ params: { sendId: returnId } })]);
  });
});

test('the escalation event notifies the DI officer and leaves the state as it is', () => {
  const waiting = run(start(combo), before(path, 'RECORD_INVITATION_LETTER'));
  const [, raised] = step(run(start(combo), before(path, 'NOMINATE_TO_PARTNER')), nominate);
  const event = (raised[0]!.params as { event: MachineEvent }).event;
  const [next, actions] = transition(outgoingCaseMachine, waiting, event);
  expect(next.value).toEqual(waiting.value);
  expect(notifications(actions)).toEqual([{ template: 'invitationLetterOverdue', to: 'di_officer' }]);
});

test('the eligibility review starts no timer: the record is read at once, by the workflow', () => {
  const [, actions] = step(start(combo), path[0]!);
  expect(raiseActions(actions)).toEqual([]);
  expect(actions.map((a) => a.type)).toEqual(['readStudentRecord']);
});
