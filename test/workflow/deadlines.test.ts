import type { AuditEntry } from '../../domain/case-view';
import { EUROPE_SPENT_EXACTLY } from '../helpers/events';
import { alwaysOpenPolicy, as, studentOf } from '../helpers/fixtures';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through, type Step } from '../helpers/paths';
import { waitFor } from '../helpers/wait';
import { escalationDue, localDay, waitUntilDueOn } from '../helpers/working-days';

const DAY = 24 * 60 * 60 * 1000;
const { invitationLetterDays, returnDocumentsDays, refundDays, escalationWorkingDaysAfter } =
  alwaysOpenPolicy.timings;

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

/**
 * An Erasmus+ case nominated to `tum` and awaiting its invitation letter. With `dueOn`, the nomination waits
 * until the letter falls due on that local weekday, so that working and calendar days tell apart.
 */
async function caseAwaitingInvitation(dueOn?: string): Promise<{ caseId: string; steps: Step[] }> {
  const request = await h.applicant('erasmus');
  const { caseId } = await h.cases.open(request);
  const steps = happyPath('erasmus', 'paid', studentOf(request));
  const toNomination = through(steps, 'NOMINATE_TO_PARTNER');
  await drive(h.cases, caseId, toNomination.slice(0, -1));
  if (dueOn) {
    const now = await h.env.currentTimeMs();
    const wait = waitUntilDueOn(alwaysOpenPolicy, now, invitationLetterDays * DAY, dueOn);
    if (wait > 0) await h.env.sleep(wait);
  }
  await drive(h.cases, caseId, toNomination.slice(-1));
  return { caseId, steps };
}

const events = async (caseId: string) => (await h.cases.history(caseId)).map((e) => e.event);
const linesOf = async (caseId: string, event: AuditEntry['event']) =>
  (await h.cases.history(caseId)).filter((e) => e.event === event);
/** Sleeps the server's clock to `at` (epoch ms). */
const sleepUntil = async (at: number) => {
  const wait = at - (await h.env.currentTimeMs());
  if (wait > 0) await h.env.sleep(wait);
};

describe('the invitation-letter deadline', () => {
  test('reminds DI 7, 3 and 1 days before, then escalates after the working days of the grace period', async () => {
    // Due on a Friday: two calendar days later is a Sunday, two working days later a Tuesday at the earliest.
    const { caseId } = await caseAwaitingInvitation('Fri');
    const view = await h.cases.get(caseId);
    expect(view.deadlines).toMatchObject([
      { id: 'invitationLetter', responsible: 'di_officer', what: "the partner's invitation letter" },
    ]);
    const due = Date.parse(view.deadlines[0]!.dueAt);
    const nominated = (await h.cases.history(caseId)).at(-1)!;
    expect(nominated.event).toBe('NOMINATE_TO_PARTNER');
    const nominatedAt = Date.parse(nominated.at);
    expect(due - nominatedAt).toBe(invitationLetterDays * DAY);
    expect(localDay(alwaysOpenPolicy, due).weekday).toBe('Fri');
    const escalation = escalationDue(alwaysOpenPolicy, due);
    expect(escalation - due).toBeGreaterThanOrEqual(4 * DAY);

    await sleepUntil(due - 7 * DAY - 60_000);
    expect(await linesOf(caseId, 'DEADLINE_REMINDER')).toEqual([]);
    await sleepUntil(due - 7 * DAY + 60_000);
    const first = await waitFor(
      'the 7-day reminder',
      async () => (await linesOf(caseId, 'DEADLINE_REMINDER'))[0],
    );
    expect(first).toMatchObject({
      actor: { role: 'system' },
      from: 'open.placement.awaitingInvitation',
      to: 'open.placement.awaitingInvitation',
      reason: null,
      note: `invitationLetter: the partner's invitation letter, due ${new Date(due).toISOString()}, 7 day(s) before`,
    });
    await h.waitForMail(OFFICES.di_officer, "Reminder: the partner's invitation letter due in 7 day(s)");

    // Two calendar days after the deadline, when version 1 escalated: not yet, it is the weekend.
    await sleepUntil(due + escalationWorkingDaysAfter * DAY + 60_000);
    const reminders = await linesOf(caseId, 'DEADLINE_REMINDER');
    expect(reminders.map((r) => r.note?.replace(/.*, /, ''))).toEqual([
      '7 day(s) before',
      '3 day(s) before',
      '1 day(s) before',
    ]);
    expect(await events(caseId)).not.toContain('DEADLINE_ESCALATION');
    await sleepUntil(escalation - 60_000);
    expect(await events(caseId)).not.toContain('DEADLINE_ESCALATION');

    await sleepUntil(escalation + 60_000);
    const escalated = await waitFor(
      'the escalation',
      async () => (await linesOf(caseId, 'DEADLINE_ESCALATION'))[0],
    );
    expect(escalated).toMatchObject({
      actor: { role: 'system' },
      from: 'open.placement.awaitingInvitation',
      to: 'open.placement.awaitingInvitation',
      note: `invitationLetter: the partner's invitation letter, due ${new Date(due).toISOString()}`,
    });
    expect(Date.parse(escalated.at)).toBeGreaterThanOrEqual(escalation);
    expect(Date.parse(escalated.at)).toBeLessThan(escalation + 60_000);
    await h.waitForMail(OFFICES.di_officer, 'Overdue: invitation letter');

    // The letter arrives late: the case moves on and stops watching the deadline.
    const moved = await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
    expect(moved.stage).toBe('preDeparture');
    expect(moved.states).toContain('open.preDeparture.leave.pending');
    expect((await h.cases.get(caseId)).deadlines).toEqual([]);
  });

  test('a letter in time cancels the remaining reminders and the escalation', async () => {
    const { caseId } = await caseAwaitingInvitation();
    await h.env.sleep(10 * DAY);
    await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
    await h.env.sleep(40 * DAY);
    const seen = await events(caseId);
    expect(seen).toContain('RECORD_INVITATION_LETTER');
    expect(seen.filter((e) => e === 'DEADLINE_REMINDER' || e === 'DEADLINE_ESCALATION')).toEqual([]);
  });
});

describe('partner documents arrive as signals', () => {
  test('an awaited invitation letter from the nominated partner moves the case; an unexpected transcript is only noted', async () => {
    const { caseId } = await caseAwaitingInvitation();
    const before = (await h.cases.get(caseId)).auditLength;
    await h.cases.partnerDocument(caseId, { kind: 'transcript', partnerId: 'tum' });
    await h.cases.partnerDocument(caseId, { kind: 'invitationLetter', partnerId: 'tum' });
    const view = await waitFor('the case to leave placement', async () => {
      const v = await h.cases.get(caseId);
      return v.stage === 'preDeparture' ? v : undefined;
    });
    expect(view.states).toContain('open.preDeparture.leave.pending');
    const audit = await h.cases.history(caseId);
    expect(audit.slice(before)).toMatchObject([
      {
        event: 'PARTNER_DOCUMENT_NOTED',
        actor: { id: 'tum', role: 'partner' },
        from: 'open.placement.awaitingInvitation',
        to: 'open.placement.awaitingInvitation',
        reason: expect.stringMatching(/^transcript: /),
      },
      {
        event: 'PARTNER_DOCUMENT_RECEIVED',
        actor: { id: 'tum', role: 'partner' },
        from: 'open.placement.awaitingInvitation',
        to: expect.stringContaining('open.preDeparture.leave.pending'),
        note: 'invitationLetter',
      },
    ]);
  });

  test('an invitation letter from a partner other than the nominated one does not move the case', async () => {
    const { caseId } = await caseAwaitingInvitation();
    const before = await h.cases.get(caseId);
    await h.cases.partnerDocument(caseId, { kind: 'invitationLetter', partnerId: 'uni-x' });
    const noted = await waitFor('the letter noted in the history', async () =>
      (await h.cases.history(caseId)).find((e) => e.event === 'PARTNER_DOCUMENT_NOTED'),
    );
    expect(noted).toMatchObject({
      actor: { id: 'uni-x', role: 'partner' },
      from: 'open.placement.awaitingInvitation',
      to: 'open.placement.awaitingInvitation',
      reason: expect.stringMatching(/^invitationLetter: .*nominated to tum/),
    });
    const after = await h.cases.get(caseId);
    expect(after).toMatchObject({
      stage: 'placement',
      states: ['open.placement.awaitingInvitation'],
      deadlines: before.deadlines,
      auditLength: before.auditLength + 1,
    });
    // Nor may that partner record the letter through the API.
    const refused = await h.cases.refusal(caseId, {
      type: 'RECORD_INVITATION_LETTER',
      actor: { id: 'uni-x', role: 'partner' },
    });
    expect(refused).toMatchObject({ type: 'NotInScope' });
    // The nominated partner's letter still moves it.
    await h.cases.partnerDocument(caseId, { kind: 'invitationLetter', partnerId: 'tum' });
    await waitFor('the case to leave placement', async () =>
      (await h.cases.get(caseId)).stage === 'preDeparture' ? true : undefined,
    );
  });
});

describe('the return-documents deadline', () => {
  test('is watched from the end of the mobility, across the new run, and escalated after working days', async () => {
    const { caseId, steps } = await caseAwaitingInvitation();
    // From the invitation letter up to and including the end of the mobility.
    const nominated = through(steps, 'NOMINATE_TO_PARTNER').length;
    await drive(h.cases, caseId, through(steps, 'END_MOBILITY').slice(nominated));
    const view = await h.cases.get(caseId);
    expect(view.deadlines).toMatchObject([{ id: 'returnDocuments', responsible: 'student' }]);
    const due = Date.parse(view.deadlines[0]!.dueAt);
    const ended = (await h.cases.history(caseId)).at(-1)!;
    expect(ended.event).toBe('END_MOBILITY');
    expect(due - Date.parse(ended.at)).toBe(returnDocumentsDays * DAY);
    const escalation = escalationDue(alwaysOpenPolicy, due);

    await sleepUntil(escalation - 60_000);
    expect(await events(caseId)).not.toContain('DEADLINE_ESCALATION');
    await sleepUntil(escalation + 60_000);
    const escalated = await waitFor(
      'the escalation',
      async () => (await linesOf(caseId, 'DEADLINE_ESCALATION'))[0],
    );
    expect(escalated.note).toMatch(/^returnDocuments: the return documents, due /);
    await h.waitForMail(OFFICES.di_officer, 'Overdue: return documents');
  });
});

describe('the refund deadline (version 6)', () => {
  test("an unspent allowance is the student's to refund: reminded, then escalated to finance, until confirmed", async () => {
    const request = await h.applicant('mshe');
    const { caseId } = await h.cases.open(request);
    const me = studentOf(request);
    await drive(h.cases, caseId, through(happyPath('mshe', 'state_grant', me), 'DISBURSE_GRANT'));
    await h.cases.act(caseId, { type: 'WITHDRAW', actor: me, reason: 'family reasons' });
    const spend = { ...EUROPE_SPENT_EXACTLY, flight: EUROPE_SPENT_EXACTLY.flight - 20_000 };
    const owed = await h.cases.act(caseId, { type: 'RECONCILE_FUNDS', actor: as.finance, spend });
    expect(owed).toMatchObject({ stage: 'fundsRefundDue', status: 'active' });
    const view = await h.cases.get(caseId);
    expect(view.deadlines).toMatchObject([{ id: 'refund', responsible: 'student' }]);
    const due = Date.parse(view.deadlines[0]!.dueAt);
    const reconciled = (await h.cases.history(caseId)).at(-1)!;
    expect(due - Date.parse(reconciled.at)).toBe(refundDays * DAY);

    await sleepUntil(escalationDue(alwaysOpenPolicy, due) + 60_000);
    const escalated = await waitFor(
      'the escalation',
      async () => (await linesOf(caseId, 'DEADLINE_ESCALATION'))[0],
    );
    expect(escalated.note).toMatch(/^refund: the refund of unspent grant funds, due /);
    expect((await linesOf(caseId, 'DEADLINE_REMINDER')).length).toBe(
      alwaysOpenPolicy.timings.reminderDaysBefore.length,
    );
    await h.waitForMail(request.student.email, 'Reminder: the refund of unspent grant funds due in');
    await h.waitForMail(OFFICES.finance, 'Overdue: grant refund');

    const confirmed = await h.cases.act(caseId, { type: 'CONFIRM_REFUND', actor: as.finance });
    expect(confirmed).toMatchObject({ status: 'done', stage: 'withdrawn' });
  });
});
