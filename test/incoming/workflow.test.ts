import { temporal } from '@temporalio/proto';
import type { Actor } from '../../domain/actor';
import { addWorkingDays, instantMs } from '../../domain/calendar';
import type { IncomingAuditEntry } from '../../domain/incoming';
import { invitationDueAt } from '../../domain/incoming-deadline';
import type { IncomingClient } from '../../client/incoming';
import { HEADS, OFFICES, type Harness } from '../helpers/harness';
import { idleHistoryLength, waitFor } from '../helpers/wait';
import { localDay } from '../helpers/working-days';
import { DI, incomingDriver, SITE_DEAN, startIncomingHarness } from './driver';
import { agreementOf, nomination, POLICY } from './support';

const { EventType } = temporal.api.enums.v1;
const WORKFLOW_TASK_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);
const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
const TUM = { contact: agreementOf('tum')!.contact.email };
const calendar = { ...POLICY, workingWeekendDays: POLICY.workingWeekendDays };

let h: Harness;
let client: IncomingClient;
beforeAll(async () => {
  ({ h, client } = await startIncomingHarness());
});
afterAll(async () => {
  await h?.teardown();
});

const REGISTRAR: Actor = { id: 'registrar-1', role: 'registrar' };
const partner: Actor = { id: 'tum', role: 'partner' };

/** Counts `n` working days after `ms` day by day (weekends, the policy's holidays and moved days), apart from domain/calendar. */
function workingDaysAfter(ms: number, n: number): number {
  const holidays = new Set(POLICY.holidays.map((d) => d.date));
  const worked = new Set(POLICY.workingWeekendDays.map((d) => d.date));
  let at = ms;
  for (let counted = 0; counted < n;) {
    at += DAY;
    const { date, weekday } = localDay(POLICY, at);
    if ((!['Sat', 'Sun'].includes(weekday) || worked.has(date)) && !holidays.has(date)) counted += 1;
  }
  return at;
}

const sleepUntil = async (at: number) => {
  const wait = at - (await h.env.currentTimeMs());
  if (wait > 0) await h.env.sleep(wait);
};
const linesOf = async (caseId: string, event: IncomingAuditEntry['event']) =>
  (await client.history(caseId)).filter((e) => e.event === event);

const { completeApplication } = incomingDriver(() => ({ h, client }));

describe('the one-month promise', () => {
  test('a visa-required student: DI reminded 7, 3 and 1 days before, escalated to DI and then its head after working days, nothing after both invitations', async () => {
    const { caseId, n, view } = await completeApplication('DE');
    expect(view.visa).toMatchObject({ required: true, citizenship: 'DE' });
    expect(view.student.passport).not.toContain(n.student.passport.number);
    const due = invitationDueAt(instantMs(view.applicationCompleteAt!), 1, calendar);
    expect(view.deadlines.map((d) => [d.id, Date.parse(d.dueAt)])).toEqual([
      ['invitationLetter', due],
      ['migrationInvitation', due],
    ]);
    expect(view.invitationDueAt).toBe(new Date(due).toISOString());
    await h.waitForMail(TUM.contact, `Nomination received: Anna Müller`);
    await h.waitForMail(n.student.email, 'the disciplines you may take');

    await sleepUntil(due - 7 * DAY - MINUTE);
    expect(await linesOf(caseId, 'DEADLINE_REMINDER')).toEqual([]);
    await sleepUntil(due - 7 * DAY + MINUTE);
    await waitFor('the two 7-day reminders', async () =>
      (await linesOf(caseId, 'DEADLINE_REMINDER')).length === 2 ? true : undefined,
    );
    await h.waitForMail(OFFICES.di_officer, "Reminder: KBTU's invitation letter due in 7 day(s)");
    await h.waitForMail(
      OFFICES.di_officer,
      'Reminder: the invitation approved by the migration service due in 7 day(s)',
    );

    // The first escalation: two working days after the due date, by the policy's calendar.
    const first = workingDaysAfter(due, 2);
    const second = workingDaysAfter(due, 5);
    expect(first).toBe(addWorkingDays(due, 2, calendar));
    expect(second).toBe(addWorkingDays(due, 5, calendar));
    await sleepUntil(first - MINUTE);
    expect((await linesOf(caseId, 'DEADLINE_REMINDER')).map((l) => l.note?.replace(/.*, /, ''))).toEqual([
      '7 day(s) before',
      '7 day(s) before',
      '3 day(s) before',
      '3 day(s) before',
      '1 day(s) before',
      '1 day(s) before',
    ]);
    expect(await linesOf(caseId, 'DEADLINE_ESCALATION')).toEqual([]);
    await sleepUntil(first + MINUTE);
    const escalated = await waitFor('the first escalations', async () => {
      const lines = await linesOf(caseId, 'DEADLINE_ESCALATION');
      return lines.length === 2 ? lines : undefined;
    });
    expect(escalated[0]!.note).toBe(
      `invitationLetter: KBTU's invitation letter, due ${new Date(due).toISOString()}, escalated to di_officer 2 working day(s) after`,
    );
    expect(Date.parse(escalated[0]!.at)).toBeGreaterThanOrEqual(first);
    await h.waitForMail(OFFICES.di_officer, "Overdue: KBTU's invitation letter for Anna Müller");
    expect(await h.inbox({ to: HEADS.di_officer, caseId })).toEqual([]);

    await sleepUntil(second + MINUTE);
    await h.waitForMail(HEADS.di_officer, "Overdue: KBTU's invitation letter for Anna Müller");
    await h.waitForMail(HEADS.di_officer, 'Overdue: the invitation approved by the migration service');

    // Both invitations sent, late: nothing more is due, nobody is told anything more of it.
    await client.act(caseId, { type: 'SEND_INVITATION_LETTER', actor: DI });
    const moved = await client.act(caseId, {
      type: 'RECORD_MIGRATION_INVITATION',
      actor: DI,
      reference: 'MVD-2027-00417',
    });
    expect(moved.stage).toBe('arrival');
    expect((await client.get(caseId)).deadlines).toEqual([]);
    const before = (await client.history(caseId)).length;
    await h.env.sleep(40 * DAY);
    const after = await client.history(caseId);
    expect(after.length).toBe(before);
    await h.waitForMail(n.student.email, 'your invitation approved by the migration service');
    // The passport number is in no audit line and no mail of the case.
    const mails = await h.inbox({ caseId });
    expect(JSON.stringify([after, mails])).not.toContain(n.student.passport.number);
  });

  test('a visa-free student: only the letter is due; sent in time, no reminder and no escalation; then study, transcript, closed', async () => {
    const { caseId, n, view } = await completeApplication('KG');
    expect(view.visa).toMatchObject({ required: false, citizenship: 'KG' });
    expect(view.states).toEqual([
      'open.invitations.letter.pending',
      'open.invitations.migration.notRequired',
    ]);
    expect(view.deadlines.map((d) => d.id)).toEqual(['invitationLetter']);
    await h.env.sleep(10 * DAY);
    const lettered = await client.act(caseId, { type: 'SEND_INVITATION_LETTER', actor: DI });
    expect(lettered.states).toEqual(['open.arrival']);
    // The letter is a PDF in the document store; the case keeps its hash.
    const letter = (await client.get(caseId)).invitationLetter!;
    expect(letter.sentAt).toBeTruthy();
    const letterPdf = (await h.documentStore.get(letter.sha256!))!.toString('latin1');
    expect(letterPdf.startsWith('%PDF-')).toBe(true);
    await h.env.sleep(40 * DAY);
    const events = (await client.history(caseId)).map((e) => e.event);
    expect(events.filter((e) => e.startsWith('DEADLINE_'))).toEqual([]);
    await client.act(caseId, { type: 'RECORD_ARRIVAL', actor: DI });
    const graded = await client.act(caseId, {
      type: 'RECORD_GRADES',
      actor: REGISTRAR,
      grades: [
        { course: 'CSCI2106', percent: 91 },
        { course: 'CSCI3301', percent: 78 },
      ],
    });
    expect(graded.states).toEqual(['transcript.ready']);
    const ready = await client.get(caseId);
    const sha256 = ready.transcript!.sha256!;
    const pdf = await h.documentStore.get(sha256);
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(ready.transcript!.grades.map((g) => [g.course, g.kbtu, g.partner])).toEqual([
      ['CSCI2106', 'A-', '1.4-1.7'],
      ['CSCI3301', 'B-', '2.4-2.7'],
    ]);
    const closed = await client.act(caseId, { type: 'SEND_TRANSCRIPT', actor: DI });
    expect(closed).toMatchObject({ status: 'done', stage: 'closed', allowedActions: [] });
    const mail = await h.waitForMail(TUM.contact, 'KBTU transcript: Anna Müller');
    expect(mail.text).toContain('CSCI2106 Data Structures and Algorithms: 1.4-1.7 (KBTU A-, 91%)');
    expect(mail.text).toContain(sha256);
    await h.waitForMail(n.student.email, 'your invitation letter');
    expect((await client.history(caseId)).map((e) => e.event)).toEqual([
      'NOMINATE',
      'SEND_DISCIPLINES_LIST',
      'ATTACH_DOCUMENT',
      'DOCUMENT_CHECKED',
      'ATTACH_DOCUMENT',
      'DOCUMENT_CHECKED',
      'ATTACH_DOCUMENT',
      'DOCUMENT_CHECKED',
      'PROPOSE_LEARNING_AGREEMENT',
      'AGREE_LEARNING_AGREEMENT',
      'SEND_INVITATION_LETTER',
      'INVITATION_LETTER_ISSUED',
      'RECORD_ARRIVAL',
      'RECORD_GRADES',
      'TRANSCRIPT_ISSUED',
      'SEND_TRANSCRIPT',
    ]);
  });
});

describe('an extended invitation deadline', () => {
  test('DI moves both invitations of a visa-required student by 14 days: DI is told once, the timers move', async () => {
    const { caseId } = await completeApplication('DE');
    const before = await client.get(caseId);
    expect(before.deadlines.map((d) => d.id).sort()).toEqual(['invitationLetter', 'migrationInvitation']);
    const due = Date.parse(before.deadlines[0]!.dueAt);
    const byDean = client.act(caseId, {
      type: 'EXTEND_DEADLINE',
      actor: SITE_DEAN,
      days: 14,
      reason: 'asked to',
    });
    await expect(byDean).rejects.toThrow(/dean_office/);
    await client.act(caseId, {
      type: 'EXTEND_DEADLINE',
      actor: DI,
      days: 14,
      reason: 'the migration service is closed for the holidays',
    });
    const after = await client.get(caseId);
    expect(after.deadlines.map((d) => Date.parse(d.dueAt))).toEqual([due + 14 * DAY, due + 14 * DAY]);
    expect((await linesOf(caseId, 'EXTEND_DEADLINE'))[0]).toMatchObject({
      actor: { role: 'di_officer' },
      reason: 'the migration service is closed for the holidays',
    });
    const told = await h.waitForMail(OFFICES.di_officer, 'Deadline extended');
    expect(told.text).toContain(
      "KBTU's invitation letter and the invitation approved by the migration service",
    );
    expect(told.text).toContain('extended by 14 day(s)');
    // The old date and its first escalation pass without a word; the new date's escalations come.
    await sleepUntil(workingDaysAfter(due, 3) + MINUTE);
    expect(await linesOf(caseId, 'DEADLINE_ESCALATION')).toEqual([]);
    await sleepUntil(workingDaysAfter(due + 14 * DAY, 3) + MINUTE);
    const escalated = await linesOf(caseId, 'DEADLINE_ESCALATION');
    expect(escalated.length).toBeGreaterThan(0);
    for (const e of escalated) expect(Date.parse(e.at)).toBeGreaterThan(due + 14 * DAY);
  });
});

describe('refusals', () => {
  test('a refused action changes nothing: not here, not this role, not this partner, not in the catalogue; a duplicate nomination names the case', async () => {
    const n = nomination({ citizenship: 'DE' });
    const { caseId } = await client.nominate(n);
    await client.act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI });
    const handle = h.env.client.workflow.getHandle(caseId);
    const length = await idleHistoryLength(handle);
    const view = await client.get(caseId);
    const audit = await client.history(caseId);

    await expect(client.act(caseId, { type: 'SEND_INVITATION_LETTER', actor: DI })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('SEND_INVITATION_LETTER is not allowed in state'),
    });
    await expect(
      client.act(caseId, { type: 'PROPOSE_LEARNING_AGREEMENT', actor: REGISTRAR, courses: ['CSCI2106'] }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('role registrar may not send PROPOSE_LEARNING_AGREEMENT'),
    });
    await expect(
      client.act(caseId, { type: 'WITHDRAW', actor: { id: 'uni-x', role: 'partner' }, reason: 'not ours' }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('partner uni-x may act only'),
    });
    await expect(
      client.act(caseId, { type: 'PROPOSE_LEARNING_AGREEMENT', actor: partner, courses: ['CSCI9999'] }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      details: { issues: [{ path: 'courses', message: expect.stringContaining('CSCI9999') }] },
    });
    await expect(client.nominate(n)).rejects.toMatchObject({
      kind: 'conflict',
      message: `tum already nominated student ${n.student.partnerStudentId} for 2027-spring: case ${caseId}`,
    });

    // The time-skipping server records the workflow tasks that ran the validators; nothing else is added.
    const added = ((await handle.fetchHistory()).events ?? [])
      .slice(length)
      .filter((e) => !WORKFLOW_TASK_EVENTS.has(e.eventType ?? 0));
    expect(added).toEqual([]);
    expect(await client.get(caseId)).toEqual(view);
    expect(await client.history(caseId)).toEqual(audit);
  });
});
