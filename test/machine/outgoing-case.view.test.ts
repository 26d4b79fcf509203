import { transition } from 'xstate';
import type { PolicyRef } from '../../domain/policy';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import {
  activeDeadlines,
  allowedActions,
  leafPaths,
  stageLabel,
  stageOf,
} from '../../machines/outgoing-case/view';
import { happyPath } from '../helpers/paths';
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

const timings = (invitationLetterDays: number, returnDocumentsDays: number, escalationDaysAfter: number) =>
  ({
    version: '2026-2027.1',
    timings: { invitationLetterDays, returnDocumentsDays, reminderDaysBefore: [3], escalationDaysAfter },
  }) satisfies PolicyRef;

const combo: Combo = ['mshe', 'state_grant'];
const path = happyPath(...combo);
const before = (type: string) =>
  path.slice(
    0,
    path.findIndex((e) => e.type === type),
  );

describe.each([
  [30, 30, 2],
  [14, 45, 5],
  [1, 365, 1],
])('after-delays under invitation %i d, return %i d, escalation %i d', (invitation, ret, escalation) => {
  const policy = timings(invitation, ret, escalation);
  const begin = () => start(combo, { ...inputFor(combo), policy });
  const invitationId = 'xstate.after.invitationEscalation.outgoingCase.placement.awaitingInvitation';
  const returnId = 'xstate.after.returnEscalation.outgoingCase.return';

  test('entering awaitingInvitation raises the escalation after invitationLetterDays + escalationDaysAfter', () => {
    const [, actions] = step(run(begin(), before('NOMINATE_TO_PARTNER')), path[3]!);
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
    const [, actions] = step(run(begin(), before('RECORD_INVITATION_LETTER')), event);
    expect(cancelActions(actions)).toEqual([expect.objectContaining({ params: { sendId: invitationId } })]);
    expect(raiseActions(actions)).toEqual([]);
  });

  test('entering return raises the escalation after returnDocumentsDays + escalationDaysAfter', () => {
    const [, actions] = step(run(begin(), before('END_MOBILITY')), ev('END_MOBILITY', 'di_officer'));
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
    const [next, actions] = step(run(begin(), before('ACCEPT_FINANCIAL_REPORT')), event);
    expect(next.value).toBe(target);
    expect(cancelActions(actions)).toEqual([expect.objectContaining({ params: { sendId: returnId } })]);
  });
});

test('the escalation event notifies the DI officer and leaves the state as it is', () => {
  const waiting = run(start(combo), before('RECORD_INVITATION_LETTER'));
  const [, raised] = step(run(start(combo), before('NOMINATE_TO_PARTNER')), path[3]!);
  const event = (raised[0]!.params as { event: { type: string } }).event;
  const [next, actions] = transition(outgoingCaseMachine, waiting, event as never);
  expect(next.value).toEqual(waiting.value);
  expect(notifications(actions)).toEqual([{ template: 'invitationLetterOverdue', to: 'di_officer' }]);
});

describe('view helpers', () => {
  test('the initial snapshot', () => {
    const snap = start(combo);
    expect(stageOf(snap.value)).toBe('application');
    expect(stageLabel(snap)).toBe('Application');
    expect(leafPaths(snap.value)).toEqual(['application']);
    expect(activeDeadlines(snap)).toEqual([]);
    expect(allowedActions(snap)).toEqual([
      { type: 'SUBMIT_APPLICATION', roles: ['student', 'di_officer'] },
      { type: 'WITHDRAW', roles: ['student'] },
      { type: 'CANCEL', roles: ['di_officer'] },
    ]);
  });

  test('awaiting the invitation letter', () => {
    const snap = run(start(combo), before('RECORD_INVITATION_LETTER'));
    expect(stageOf(snap.value)).toBe('placement');
    expect(leafPaths(snap.value)).toEqual(['placement.awaitingInvitation']);
    expect(activeDeadlines(snap)).toEqual([
      {
        id: 'invitationLetter',
        timing: 'invitationLetterDays',
        responsible: 'di_officer',
        what: "the partner's invitation letter",
      },
    ]);
    expect(allowedActions(snap).map((a) => a.type)).toEqual([
      'RECORD_INVITATION_LETTER',
      'RECORD_PARTNER_DECLINED',
      'WITHDRAW',
      'CANCEL',
    ]);
  });

  test('pre-departure: parallel leaves, no signing before the curriculum, grant for mshe', () => {
    const snap = run(start(combo), before('APPROVE_LEAVE'));
    expect(stageLabel(snap)).toBe('Pre-departure');
    expect(leafPaths(snap.value)).toEqual([
      'preDeparture.leave.pending',
      'preDeparture.curriculum.drafting',
      'preDeparture.learningAgreement.pending',
      'preDeparture.visa.pending',
      'preDeparture.tuition.notRequired',
      'preDeparture.grant.pending',
    ]);
    expect(activeDeadlines(snap)).toEqual([]);
    expect(allowedActions(snap)).toEqual([
      { type: 'APPROVE_LEAVE', roles: ['vice_rector'] },
      { type: 'REFUSE_LEAVE', roles: ['vice_rector'] },
      { type: 'AGREE_CURRICULUM', roles: ['dean_office'] },
      { type: 'RECORD_VISA', roles: ['student', 'di_officer'] },
      { type: 'DISBURSE_GRANT', roles: ['finance'] },
      { type: 'WITHDRAW', roles: ['student'] },
      { type: 'CANCEL', roles: ['di_officer'] },
    ]);
  });

  test('return: the return-documents deadline and the mshe financial report', () => {
    const snap = run(start(combo), before('SUBMIT_RETURN_APPLICATION'));
    expect(stageOf(snap.value)).toBe('return');
    expect(stageLabel(snap)).toBe('Return');
    expect(activeDeadlines(snap)).toEqual([
      {
        id: 'returnDocuments',
        timing: 'returnDocumentsDays',
        responsible: 'student',
        what: 'the return documents',
      },
    ]);
    expect(allowedActions(snap)).toEqual([
      { type: 'SUBMIT_RETURN_APPLICATION', roles: ['student', 'di_officer'] },
      { type: 'RECORD_PARTNER_TRANSCRIPT', roles: ['di_officer', 'partner'] },
      { type: 'ACCEPT_FINANCIAL_REPORT', roles: ['finance'] },
      { type: 'WITHDRAW', roles: ['student'] },
      { type: 'CANCEL', roles: ['di_officer'] },
    ]);
  });

  test('credit recalculation: no withdrawal any more', () => {
    const snap = run(start(combo), before('RECALCULATE_CREDITS'));
    expect(stageLabel(snap)).toBe('Credit recalculation');
    expect(allowedActions(snap)).toEqual([{ type: 'RECALCULATE_CREDITS', roles: ['dean_office'] }]);
  });

  test('funds reconciliation and the closed case', () => {
    const reconciling = run(start(combo), [...before('DEPART'), ev('WITHDRAW', 'student')]);
    expect(stageLabel(reconciling)).toBe('Funds reconciliation');
    expect(allowedActions(reconciling)).toEqual([{ type: 'RECONCILE_FUNDS', roles: ['finance'] }]);
    const closed = run(start(combo), path);
    expect(closed.status).toBe('done');
    expect(stageOf(closed.value)).toBe('closed');
    expect(stageLabel(closed)).toBe('Closed');
    expect(leafPaths(closed.value)).toEqual(['closed']);
    expect(allowedActions(closed)).toEqual([]);
    expect(activeDeadlines(closed)).toEqual([]);
  });
});
