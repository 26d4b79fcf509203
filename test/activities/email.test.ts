import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createEmailActivities } from '../../activities/email/activities';
import { fileLedger } from '../../stores/mail-ledger';
import { startSmtpSink, type SmtpSink } from '../../app/embedded/smtp-sink';
import { readInbox } from '../../stores/inbox';
import { OFFICES } from '../helpers/harness';

let dir: string;
let sink: SmtpSink;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mobility-mail-'));
  sink = await startSmtpSink({ host: '127.0.0.1', port: 0, inboxDir: join(dir, 'inbox') });
});
afterAll(async () => {
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

function activities(ledgerFile: string) {
  return createEmailActivities({
    transport: nodemailer.createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
    }),
    from: 'mobility@kbtu.test',
    officeMailboxes: OFFICES,
    ledger: fileLedger(join(dir, ledgerFile)),
  });
}

const request = {
  caseId: 'outgoing-call-2027-t1',
  messageKey: '3-applicationRejected-student',
  template: 'applicationRejected',
  to: 'student' as const,
  student: { fullName: 'Aruzhan S', email: 'aruzhan@student.kbtu.test' },
  data: { reason: 'GPA below 2.5' },
};

test('a notification is sent once per (case, message key), also by a new worker reading the same ledger', async () => {
  const first = await activities('ledger.jsonl').sendNotification(request);
  const retried = await activities('ledger.jsonl').sendNotification(request);
  expect(first.alreadySent).toBe(false);
  expect(retried).toEqual({ messageId: first.messageId, alreadySent: true });
  const inbox = await readInbox(join(dir, 'inbox'), { caseId: request.caseId });
  expect(inbox).toHaveLength(1);
  expect(inbox[0]).toMatchObject({ to: ['aruzhan@student.kbtu.test'], messageId: first.messageId });
  expect(inbox[0]!.text).toContain('GPA below 2.5');
});

test('the same message delivered again without a ledger is still filed once by the sink', async () => {
  const again = { ...request, messageKey: '9-applicationRejected-student' };
  await activities('ledger-a.jsonl').sendNotification(again);
  await activities('ledger-b.jsonl').sendNotification(again);
  const inbox = await readInbox(join(dir, 'inbox'), { caseId: request.caseId });
  expect(inbox.filter((m) => m.messageId.includes('9-applicationRejected'))).toHaveLength(1);
});

test('an office without a mailbox is a non-retryable failure naming the office', async () => {
  const noFinance = createEmailActivities({
    transport: nodemailer.createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
    }),
    from: 'mobility@kbtu.test',
    officeMailboxes: { ...OFFICES, finance: '' },
    ledger: fileLedger(join(dir, 'ledger-c.jsonl')),
  });
  await expect(
    noFinance.sendNotification({ ...request, to: 'finance', template: 'fundsToReconcile' }),
  ).rejects.toMatchObject({
    type: 'InvalidRecipient',
    nonRetryable: true,
    message: 'no mailbox configured for finance',
  });
});
