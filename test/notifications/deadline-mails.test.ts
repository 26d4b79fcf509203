import type { AuditEntry } from '../../domain/case-view';
import { as, chainedPolicy, NOMINATED_PARTNER, studentOf } from '../helpers/fixtures';
import { HEADS, OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { refusal } from '../helpers/refusal';
import { waitFor } from '../helpers/wait';
import { startRelay, type Relay, type Relayed } from './relay';

/**
 * The mails of a deadline, end to end: the time-skipping server runs the real workflow under the shipped
 * escalation chains, and every message goes over SMTP to a real relay that keeps each one it accepts.
 */

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * The invitation letter is due on Friday 2 July 2027, 10:00 in Almaty (UTC+5): the nomination is 30 days
 * earlier. The chain then counts working days of the 2026-2027 policy over the weekend of 3-4 July and
 * Capital Day (Tuesday 6 July): DI is told on Wednesday 7 July, DI's head on Friday 9 July. The reminders
 * go 5, 3 and 1 working days before: Friday 25 June (over the weekend of 26-27 June), Tuesday 29 June and
 * Thursday 1 July.
 */
const NOMINATED_AT = Date.parse('2027-06-02T05:00:00Z');
const DUE_LOCAL = '20270702T100000';
const AT_LOCAL = {
  reminder5: '2027-06-25T10:00',
  reminder3: '2027-06-29T10:00',
  reminder1: '2027-07-01T10:00',
  escalation1: '2027-07-07T10:00',
  escalation2: '2027-07-09T10:00',
};

let relay: Relay;
let h: Harness;
beforeAll(async () => {
  relay = await startRelay();
  h = await startTimeSkippingHarness({ policy: chainedPolicy, smtpPort: relay.port });
  // DI's head reads Russian; everyone else has no preference and reads English.
  await h.languages.setMany([{ address: HEADS.di_officer, language: 'ru' }]);
});
afterAll(async () => {
  await h?.teardown();
  await relay?.close();
});

const sleepUntil = async (at: number) => {
  const wait = at - (await h.env.currentTimeMs());
  if (wait > 0) await h.env.sleep(wait);
};
const lines = async (caseId: string, ...events: AuditEntry['event'][]) =>
  (await h.cases.history(caseId)).filter((e) => events.includes(e.event));
/** An instant as Almaty's wall clock, to the minute (Almaty is UTC+5 all year since 2024-03-01). */
const almaty = (iso: string) => new Date(Date.parse(iso) + 5 * HOUR).toISOString().slice(0, 16);
const brief = (m: Relayed) => ({ to: m.to.join(','), subject: m.subject });
const mailsOf = (caseId: string, from = 0) =>
  relay.received.slice(from).filter((m) => m.text.includes(caseId));

async function caseAwaitingInvitation(nominateAt?: number) {
  const request = await h.applicant('erasmus');
  const { caseId } = await h.cases.open(request);
  const steps = through(happyPath('erasmus', 'paid', studentOf(request)), 'NOMINATE_TO_PARTNER');
  await drive(h.cases, caseId, steps.slice(0, -1));
  if (nominateAt !== undefined) await sleepUntil(nominateAt);
  const mark = relay.received.length;
  await drive(h.cases, caseId, steps.slice(-1));
  return { caseId, request, mark };
}

describe('the invitation letter under the shipped chain', () => {
  test('reminds DI, escalates to DI and then to its head in working days, each mail once, in order', async () => {
    // The scenario is fixed in the policy's calendar year: the server's clock must not be past it.
    expect(await h.env.currentTimeMs()).toBeLessThan(NOMINATED_AT - 20 * DAY);
    await sleepUntil(NOMINATED_AT - 10 * DAY);
    const { caseId, request, mark } = await caseAwaitingInvitation(NOMINATED_AT);
    const name = request.student.fullName;
    const [deadline] = (await h.cases.get(caseId)).deadlines;
    expect(deadline).toMatchObject({ id: 'invitationLetter', responsible: 'di_officer' });
    expect(almaty(deadline!.dueAt)).toBe('2027-07-02T10:00');

    await sleepUntil(Date.parse('2027-07-09T05:00:00Z') + HOUR);
    const chain = await waitFor('both escalation levels', async () => {
      const l = await lines(caseId, 'DEADLINE_ESCALATION');
      return l.length === 2 ? l : undefined;
    });
    const reminders = await lines(caseId, 'DEADLINE_REMINDER');
    expect([...reminders, ...chain].map((l) => almaty(l.at))).toEqual(Object.values(AT_LOCAL));
    expect(chain.map((l) => l.note?.replace(/.*, /, ''))).toEqual([
      'escalated to di_officer',
      'escalated to head:di_officer',
    ]);

    const mails = await waitFor('the five deadline mails', async () => {
      const m = mailsOf(caseId, mark);
      return m.length >= 7 ? m : undefined;
    });
    // The nomination's two mails leave side by side, so they reach the relay in either order.
    expect(mails.slice(0, 2).map(brief)).toEqual(
      expect.arrayContaining([
        { to: OFFICES.di_officer, subject: `Waiting for you: Placement, case of ${name}` },
        {
          to: request.student.email,
          subject: `Academic mobility: you are nominated to ${NOMINATED_PARTNER.name}`,
        },
      ]),
    );
    expect(mails.slice(2).map(brief)).toEqual([
      {
        to: OFFICES.di_officer,
        subject: "Reminder: the partner's invitation letter due in 5 working day(s)",
      },
      {
        to: OFFICES.di_officer,
        subject: "Reminder: the partner's invitation letter due in 3 working day(s)",
      },
      {
        to: OFFICES.di_officer,
        subject: "Reminder: the partner's invitation letter due in 1 working day(s)",
      },
      { to: OFFICES.di_officer, subject: `Overdue: invitation letter for ${name}` },
      { to: HEADS.di_officer, subject: `Просрочено: приглашение для ${name}` },
    ]);
    // Every deadline mail carries the deadline as a calendar event at Almaty's wall clock.
    for (const m of mails.slice(2)) expect(m.calendar).toContain(`DTSTART;TZID=Asia/Almaty:${DUE_LOCAL}`);
    expect(mails[6]!.text).toContain('2 июля 2027');
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);

    // The letter arrives: the task is done, and nothing about the deadline is sent any more.
    await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
    const done = relay.received.length;
    await sleepUntil((await h.env.currentTimeMs()) + 45 * DAY);
    const later = mailsOf(caseId, done).map(brief);
    expect(later.filter((m) => /Reminder|Overdue|Просрочено|Напоминание/.test(m.subject))).toEqual([]);
    // The relay still takes the case's mail: the pre-departure tasks went out after the letter.
    expect(later).toContainEqual(
      expect.objectContaining({ subject: `Waiting for you: Pre-departure, case of ${name}` }),
    );
  });
});

describe('a deadline DI extends', () => {
  test('moves the date, its reminders and its escalations; whoever owes it is told, with the new date', async () => {
    const { caseId, mark } = await caseAwaitingInvitation();
    const due = Date.parse((await h.cases.get(caseId)).deadlines[0]!.dueAt);

    const refused = await refusal(
      h.cases.act(caseId, { type: 'EXTEND_DEADLINE', actor: as.di, days: 0, reason: 'the partner asked' }),
    );
    expect(refused.message).toMatch(/days/);
    await h.cases.act(caseId, {
      type: 'EXTEND_DEADLINE',
      actor: as.di,
      days: 14,
      reason: "the partner's office is closed for two weeks",
    });
    const view = await h.cases.get(caseId);
    expect(Date.parse(view.deadlines[0]!.dueAt)).toBe(due + 14 * DAY);
    expect((await lines(caseId, 'EXTEND_DEADLINE'))[0]).toMatchObject({
      actor: { id: as.di.id, role: 'di_officer' },
      reason: "the partner's office is closed for two weeks",
    });
    const told = await waitFor('the extension mail', async () =>
      mailsOf(caseId, mark).find((m) => m.subject.startsWith('Deadline extended')),
    );
    expect(told.to).toEqual([OFFICES.di_officer]);
    expect(told.text).toContain('extended by 14 day(s)');
    expect(told.text).toContain("the partner's office is closed for two weeks");
    const dueLocal = almaty(new Date(due + 14 * DAY).toISOString()).replace(/[-:]/g, '');
    expect(told.calendar).toContain(`DTSTART;TZID=Asia/Almaty:${dueLocal}`);

    // Past the old date and its first escalation: nothing; the reminders that came name the new date.
    await sleepUntil(due + 10 * DAY);
    expect(await lines(caseId, 'DEADLINE_ESCALATION')).toEqual([]);
    const newDue = new Date(due + 14 * DAY).toISOString();
    const reminders = await lines(caseId, 'DEADLINE_REMINDER');
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(r.note).toContain(`due ${newDue}`);
    await sleepUntil(due + 14 * DAY + 10 * DAY);
    const escalations = await waitFor('both escalations of the new date', async () => {
      const l = await lines(caseId, 'DEADLINE_ESCALATION');
      return l.length === 2 ? l : undefined;
    });
    for (const e of escalations) {
      expect(e.note).toContain(`due ${newDue}`);
      expect(Date.parse(e.at)).toBeGreaterThan(due + 14 * DAY);
    }
  });

  test('is refused where the case waits on no deadline, and for an office that may not', async () => {
    const request = await h.applicant('erasmus');
    const { caseId } = await h.cases.open(request);
    const noDeadline = await refusal(
      h.cases.act(caseId, { type: 'EXTEND_DEADLINE', actor: as.di, days: 7, reason: 'no reason at all' }),
    );
    expect(noDeadline.kind).toBe('conflict');
    const { caseId: waiting } = await caseAwaitingInvitation();
    const byDean = await refusal(
      h.cases.act(waiting, { type: 'EXTEND_DEADLINE', actor: as.dean, days: 7, reason: 'asked to' }),
    );
    expect(byDean.kind).toBe('forbidden');
  });
});

describe('a message the relay refused for good', () => {
  test('DI resends it to a corrected address, with a reason; later mails go there too', async () => {
    const request = await h.applicant('erasmus');
    const wrong = request.student.email;
    const fixed = `fixed.${request.student.id.toLowerCase()}@student.kbtu.test`;
    relay.behave({
      refuse: (address) =>
        address === wrong ? { code: 550, message: '5.1.1 mailbox unavailable' } : undefined,
    });
    try {
      const { caseId } = await h.cases.open(request);
      const steps = happyPath('erasmus', 'paid', studentOf(request));
      await drive(h.cases, caseId, through(steps, 'CONFIRM_ELIGIBILITY'));
      const failed = await waitFor('the refusal on the case', async () =>
        (await lines(caseId, 'NOTIFICATION_FAILED')).find((l) => l.reason?.includes('to student')),
      );
      expect(failed.reason).toContain('550');
      type Undelivered = { key: string; to: string; template: string };
      const undeliveredOf = async () =>
        ((await h.cases.get(caseId)).context as { undelivered?: Undelivered[] }).undelivered ?? [];
      // Both mails of the application to the student: it was received, and its eligibility assessed.
      // Their sends run side by side, so their refusals reach the case in either order.
      const undelivered = await waitFor('both refusals on the case', async () => {
        const all = await undeliveredOf();
        return all.length >= 2 ? all : undefined;
      });
      const byTemplate = (template: string) => undelivered.find((m) => m.template === template)?.key;
      expect(undelivered).toHaveLength(2);
      expect(undelivered.every((m) => m.to === 'student')).toBe(true);
      const key = byTemplate('applicationReceived');
      const later = byTemplate('eligibilityAssessed');
      if (!key || !later) throw new Error(`unexpected undelivered mails: ${JSON.stringify(undelivered)}`);
      const view = await h.cases.get(caseId);
      expect(view.allowedActions).toContainEqual({ type: 'RESEND_MESSAGE', roles: ['di_officer'] });
      const toDi = await waitFor('DI told of the refusal', async () =>
        mailsOf(caseId).find((m) => m.subject.startsWith('Mail not delivered') && m.text.includes(key)),
      );
      expect(toDi.to).toEqual([OFFICES.di_officer]);
      expect(toDi.text).toContain(key);
      expect(toDi.text).not.toContain('undefined');

      const resend = {
        type: 'RESEND_MESSAGE' as const,
        actor: as.di,
        reason: 'the student gave a new address',
      };
      const unknown = await refusal(h.cases.act(caseId, { ...resend, messageKey: 'no-such-message' }));
      expect(unknown.details.issues).toEqual([expect.objectContaining({ path: 'messageKey' })]);
      const mark = relay.received.length;
      await h.cases.act(caseId, { ...resend, messageKey: key, address: fixed });
      const resent = await waitFor('the resent mail', async () =>
        relay.received.slice(mark).find((m) => m.to.includes(fixed)),
      );
      expect(resent.subject).toBe('Academic mobility: your application was received');
      // The refused message never reached the relay; the resend is one new message with its own Message-ID.
      const copies = relay.received.filter((m) => m.subject === resent.subject && m.text.includes(caseId));
      expect(copies).toEqual([resent]);
      expect(resent.messageId).not.toBe(`<${caseId}.${key.replace(/:/g, '.')}@mobility.kbtu.kz>`);
      expect((await lines(caseId, 'RESEND_MESSAGE'))[0]).toMatchObject({
        actor: { role: 'di_officer' },
        reason: 'the student gave a new address',
      });
      // It is resent once: the key is no longer undelivered.
      const again = await refusal(h.cases.act(caseId, { ...resend, messageKey: key }));
      expect(again.details.issues).toEqual([expect.objectContaining({ path: 'messageKey' })]);
      // The corrected address is the student's now: the other message, resent without one, goes there.
      await h.cases.act(caseId, { ...resend, messageKey: later });
      const second = await waitFor('the second resent mail', async () =>
        relay.received
          .slice(mark)
          .find((m) => m.subject === 'Academic mobility: your eligibility was assessed'),
      );
      expect(second.to).toEqual([fixed]);
      expect((await h.cases.get(caseId)).allowedActions.map((a) => a.type)).not.toContain('RESEND_MESSAGE');
    } finally {
      relay.behave({});
    }
  });
});
