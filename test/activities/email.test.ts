import { createEmailActivities, type NotificationRequest } from '../../activities/email/activities';
import { sqlOutbox } from '../../stores/sql-outbox';
import { sqlLanguagePreferences } from '../../stores/outbox-languages';
import { HEADS, OFFICES } from '../helpers/harness';
import { startRelay, type Relay } from '../notifications/relay';
import { freshDatabase, type TestDatabase } from '../stores/databases';

let database: TestDatabase;
let relay: Relay;
beforeAll(async () => {
  database = await freshDatabase('pglite');
  relay = await startRelay();
  await sqlLanguagePreferences(database.db).setMany([{ address: 'RU.Student@kbtu.test', language: 'ru' }]);
});
afterAll(async () => {
  await relay.close();
  await database.close();
});
beforeEach(() => relay.behave({}));

/** The outbox every "worker" of this file shares: the project database's table. */
const outbox = () => sqlOutbox(database.db);

function activities(port = relay.port) {
  return createEmailActivities({
    smtp: { host: '127.0.0.1', port, ignoreTLS: true },
    from: 'KBTU Mobility <mobility@kbtu.test>',
    directory: { offices: OFFICES, deansBySchool: { BS: 'bs-dean@kbtu.test' }, heads: HEADS },
    outbox: outbox(),
    languages: sqlLanguagePreferences(database.db),
    consoleUrl: 'http://console.kbtu.test/',
  });
}

let n = 0;
const request = (over: Partial<NotificationRequest> = {}): NotificationRequest => ({
  caseId: `outgoing-call-2027-t${++n}`,
  messageKey: '3-applicationRejected-student',
  template: 'applicationRejected',
  to: 'student',
  student: { fullName: 'Aruzhan S', email: 'aruzhan@student.kbtu.test', school: 'SITE' },
  data: { reason: 'GPA below 2.5' },
  ...over,
});
const receivedFor = (caseId: string) => relay.received.filter((m) => m.messageId.includes(caseId));

test('a message is delivered once per (case, message key), also when a new worker retries it', async () => {
  const r = request();
  const first = await activities().sendNotification(r);
  const retried = await activities().sendNotification(r);
  expect(first).toMatchObject({ alreadySent: false, address: 'aruzhan@student.kbtu.test', language: 'en' });
  expect(retried).toMatchObject({ messageId: first.messageId, alreadySent: true });
  const got = receivedFor(r.caseId);
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ to: ['aruzhan@student.kbtu.test'], messageId: first.messageId });
  expect(got[0]!.text).toContain('GPA below 2.5');
  expect(got[0]!.html).toContain('<p>');
  expect(got[0]!.calendar).toBeNull();
  expect(await outbox().byCase(r.caseId)).toEqual([
    expect.objectContaining({ state: 'sent', attempts: 1, unconfirmed: false, messageId: first.messageId }),
  ]);
});

test('a deadline message reads in the recipient language and carries the deadline as an Almaty-time event', async () => {
  const r = request({
    messageKey: '7-deadlineReminder-student',
    template: 'deadlineReminder',
    student: { fullName: 'Dana K', email: 'ru.student@kbtu.test' },
    data: { what: 'the return documents', daysBefore: '3', dueAt: '2027-01-15T18:59:00.000Z' },
  });
  const sent = await activities().sendNotification(r);
  expect(sent.language).toBe('ru');
  const [mail] = receivedFor(r.caseId);
  expect(mail!.subject).toBe('Напоминание: the return documents — срок через 3 дн.');
  expect(mail!.text).toContain('15 января 2027');
  expect(mail!.text).toContain('23:59 (время Алматы)');
  expect(mail!.calendar).toContain('DTSTART;TZID=Asia/Almaty:20270115T235900');
  expect(mail!.calendar).toContain('TZOFFSETTO:+0500');
  expect(mail!.calendar).toContain(`URL:http://console.kbtu.test/cases/${r.caseId}`);
});

test('deans are written per school and heads by office; an office without a mailbox is refused for good', async () => {
  const dean = request({
    to: 'dean_office',
    template: 'taskAssigned',
    data: { stage: 'Return', actions: 'X' },
  });
  expect(
    (await activities().sendNotification({ ...dean, student: { ...dean.student, school: 'BS' } })).address,
  ).toBe('bs-dean@kbtu.test');
  const other = request({
    to: 'dean_office',
    template: 'taskAssigned',
    data: { stage: 'Return', actions: 'X' },
  });
  expect((await activities().sendNotification(other)).address).toBe(OFFICES.dean_office);
  const head = request({
    to: 'head:di_officer',
    template: 'deadlineEscalated',
    data: { what: 'w', dueAt: '2027-01-15T18:59:00.000Z' },
  });
  expect((await activities().sendNotification(head)).address).toBe(HEADS.di_officer);
  const noFinance = createEmailActivities({
    smtp: { host: '127.0.0.1', port: relay.port, ignoreTLS: true },
    from: 'mobility@kbtu.test',
    directory: { offices: { ...OFFICES, finance: '' } },
    outbox: outbox(),
    languages: sqlLanguagePreferences(database.db),
    consoleUrl: 'http://console.kbtu.test',
  });
  for (const to of ['finance', 'head:finance'] as const)
    await expect(
      noFinance.sendNotification(request({ to, template: 'fundsToReconcile' })),
    ).rejects.toMatchObject({
      type: 'InvalidRecipient',
      nonRetryable: true,
      message: `no mailbox configured for ${to}`,
    });
});

test('a 550 fails at once and for good, recorded in the outbox; a retry does not ask the relay again', async () => {
  relay.behave({ refuse: () => ({ code: 550, message: 'mailbox unavailable' }) });
  const r = request();
  await expect(activities().sendNotification(r)).rejects.toMatchObject({
    type: 'PermanentSmtpFailure',
    nonRetryable: true,
    message: expect.stringContaining('550 mailbox unavailable'),
  });
  relay.behave({});
  await expect(activities().sendNotification(r)).rejects.toMatchObject({ type: 'PermanentSmtpFailure' });
  expect(receivedFor(r.caseId)).toEqual([]);
  expect(await outbox().get(`${r.caseId}/${r.messageKey}`)).toMatchObject({
    state: 'failed',
    error: expect.stringContaining('aruzhan@student.kbtu.test: 550'),
  });
});

test("a head of office's message key gives a Message-ID of RFC 5322 characters only", async () => {
  const r = request({ messageKey: '12-invitationLetterOverdue-head:di_officer' });
  const sent = await activities().sendNotification(r);
  expect(sent.messageId).toBe(`<${r.caseId}.12-invitationLetterOverdue-head.di_officer@mobility.kbtu.kz>`);
  expect(receivedFor(r.caseId).map((m) => m.messageId)).toEqual([sent.messageId]);
  expect(sent.messageId).toMatch(/^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@mobility\.kbtu\.kz>$/);
});

test('a 451 or a relay that is down is retryable, and the retry delivers the same Message-ID once', async () => {
  relay.behave({ refuse: () => ({ code: 451, message: 'try again later' }) });
  const r = request();
  await expect(activities().sendNotification(r)).rejects.toMatchObject({
    type: 'TransientSmtpFailure',
    nonRetryable: false,
  });
  const down = await startRelay();
  const port = down.port;
  await down.close();
  await expect(activities(port).sendNotification(r)).rejects.toMatchObject({
    type: 'TransientSmtpFailure',
    nonRetryable: false,
  });
  relay.behave({});
  const sent = await activities().sendNotification(r);
  expect(receivedFor(r.caseId).map((m) => m.messageId)).toEqual([sent.messageId]);
});
