import { as } from '../helpers/fixtures';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';

const DAY = 24 * 60 * 60 * 1000;

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

async function caseAwaitingInvitation(): Promise<string> {
  const { caseId } = await h.cases.open(await h.applicant('erasmus'));
  await drive(h.cases, caseId, through(happyPath('erasmus', 'paid'), 'NOMINATE_TO_PARTNER'));
  return caseId;
}

const events = async (caseId: string) => (await h.cases.history(caseId)).map((e) => e.event);

describe('the invitation-letter deadline', () => {
  test('reminds DI 7, 3 and 1 days before, then escalates after the grace days, on durable timers', async () => {
    const caseId = await caseAwaitingInvitation();
    const view = await h.cases.get(caseId);
    expect(view.deadlines).toHaveLength(1);
    const due = Date.parse(view.deadlines[0]!.dueAt);
    const nominatedAt = Date.parse((await h.cases.history(caseId)).at(-1)!.at);
    expect(due - nominatedAt).toBe(30 * DAY);

    await h.env.sleep(22 * DAY);
    expect(await events(caseId)).not.toContain('REMINDER:invitationLetter:7d');
    await h.env.sleep(2 * DAY);
    expect(await events(caseId)).toContain('REMINDER:invitationLetter:7d');
    await h.waitForMail(OFFICES.di_officer, 'Reminder: the partner');

    await h.env.sleep(7 * DAY);
    expect(await events(caseId)).toEqual(
      expect.arrayContaining(['REMINDER:invitationLetter:3d', 'REMINDER:invitationLetter:1d']),
    );
    expect(await events(caseId)).not.toContain('DEADLINE_PASSED:invitationEscalation');
    await h.env.sleep(2 * DAY);
    const audit = await h.cases.history(caseId);
    expect(audit.at(-1)).toMatchObject({
      event: 'DEADLINE_PASSED:invitationEscalation',
      actor: { role: 'system' },
      from: 'placement.awaitingInvitation',
      to: 'placement.awaitingInvitation',
    });
    await h.waitForMail(OFFICES.di_officer, 'Overdue: invitation letter');

    // The letter arrives late: the case moves on and stops watching the deadline.
    const moved = await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
    expect(moved.stage).toBe('preDeparture');
    expect(moved.deadlines).toEqual([]);
  });

  test('a letter in time cancels the remaining reminders and the escalation', async () => {
    const caseId = await caseAwaitingInvitation();
    await h.env.sleep(10 * DAY);
    await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
    await h.env.sleep(40 * DAY);
    const seen = await events(caseId);
    expect(seen.filter((e) => e.startsWith('REMINDER') || e.startsWith('DEADLINE_PASSED'))).toEqual([]);
  });
});

describe('partner documents arrive as signals', () => {
  test('an awaited invitation letter moves the case; an unexpected transcript is only noted', async () => {
    const caseId = await caseAwaitingInvitation();
    await h.cases.partnerDocument(caseId, { kind: 'transcript', partnerId: 'upm' });
    await h.cases.partnerDocument(caseId, { kind: 'invitationLetter', partnerId: 'upm' });
    const view = await h.cases.get(caseId);
    expect(view.stage).toBe('preDeparture');
    const audit = await h.cases.history(caseId);
    expect(audit.slice(-2)).toMatchObject([
      {
        event: 'PARTNER_DOCUMENT_NOTED:transcript',
        from: 'placement.awaitingInvitation',
        to: 'placement.awaitingInvitation',
      },
      { event: 'RECORD_INVITATION_LETTER', actor: { id: 'upm', role: 'partner' } },
    ]);
  });
});

describe('the return-documents deadline', () => {
  test('is watched from the end of the mobility and shows as the next deadline', async () => {
    const caseId = await caseAwaitingInvitation();
    // From the invitation letter up to and including the end of the mobility.
    const steps = happyPath('erasmus', 'paid');
    const nominated = through(steps, 'NOMINATE_TO_PARTNER').length;
    await drive(h.cases, caseId, through(steps, 'END_MOBILITY').slice(nominated));
    const view = await h.cases.get(caseId);
    expect(view.deadlines).toMatchObject([{ id: 'returnDocuments', responsible: 'student' }]);
    await h.env.sleep(33 * DAY);
    expect(await events(caseId)).toContain('DEADLINE_PASSED:returnEscalation');
    await h.waitForMail(OFFICES.di_officer, 'Overdue: return documents');
  });
});
