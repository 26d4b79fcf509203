import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import { CaseMessages } from '../../domain/case-messages';
import type { CaseView } from '../../domain/case-view';
import type { AuthedApi } from '../helpers/auth';
import { as, studentOf } from '../helpers/fixtures';
import { happyPath, through } from '../helpers/paths';
import { api, driveHttp, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { cliRunner } from '../helpers/cli';
import { waitFor } from '../helpers/wait';
import { nomination } from '../incoming/support';
import { startRelay, type Relay } from '../notifications/relay';

/** This student's mailbox does not exist: the relay refuses it for good, as a real one does. */
const GONE = 'gone@student.kbtu.kz';

let relay: Relay;
let system: RunningSystem;
let config: Config;
let http: AuthedApi;
let applicant: ReturnType<typeof systemApplicants>;
beforeAll(async () => {
  relay = await startRelay({
    refuse: (address) => (address === GONE ? { code: 550, message: '5.1.1 no such mailbox' } : undefined),
  });
  // The whole system, its mail through a real SMTP relay (not the embedded sink), which can refuse.
  const base = await testConfig();
  config = { ...base, SMTP_EXTERNAL: 'true', SMTP_PORT: relay.port };
  system = await startTestSystem(config);
  http = api(system, config);
  applicant = systemApplicants(config, system);
});
afterAll(async () => {
  await system?.stop();
  await relay?.close();
});

/** The case's messages as `actor` reads them, once `ready` holds (mail is delivered after the action). */
async function messagesOnce(
  path: string,
  actor: Parameters<AuthedApi['get']>[1],
  ready: (m: CaseMessages) => boolean,
) {
  return waitFor(`${path} for ${actor?.id}`, async () => {
    const res = await http.get(path, actor);
    expect(res.status).toBe(200);
    const parsed = CaseMessages.parse(res.body);
    return ready(parsed) ? parsed : undefined;
  });
}

test('a case waiting on a deadline lists its reminders and escalations to come, and the messages sent; its student sees only their own', async () => {
  const request = await applicant('self_funded');
  const student = studentOf(request);
  const { body } = await http.post('/cases', { callId: request.callId }, student);
  const caseId = (body as unknown as CaseView).caseId;
  await driveHttp(http, caseId, through(happyPath('self_funded', 'paid', student), 'NOMINATE_TO_PARTNER'));
  const view = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  const deadline = view.deadlines[0]!;

  const staff = await messagesOnce(`/cases/${caseId}/messages`, as.di, (m) =>
    m.messages.some((x) => x.to === 'student' && x.state === 'sent'),
  );
  // Reminders before the deadline to whoever is responsible, escalations after it; earliest first.
  expect(staff.upcoming.length).toBeGreaterThan(1);
  expect(staff.upcoming.map((u) => u.at)).toEqual(staff.upcoming.map((u) => u.at).sort());
  for (const u of staff.upcoming) {
    expect(u.deadline).toEqual({ id: deadline.id, what: deadline.what, dueAt: deadline.dueAt });
    if (u.kind === 'reminder') {
      expect(u).toMatchObject({ to: deadline.responsible, daysBefore: expect.any(Number) });
      expect(Date.parse(u.at)).toBeLessThan(Date.parse(deadline.dueAt));
    } else {
      expect(u.daysBefore).toBeNull();
      expect(Date.parse(u.at)).toBeGreaterThan(Date.parse(deadline.dueAt));
    }
  }
  expect(staff.upcoming.some((u) => u.kind === 'reminder')).toBe(true);
  expect(staff.upcoming.some((u) => u.kind === 'escalation')).toBe(true);

  const toStudent = staff.messages.find((m) => m.to === 'student' && m.state === 'sent')!;
  expect(toStudent).toMatchObject({
    address: 'aruzhan@student.kbtu.kz',
    language: 'en',
    attempts: 1,
    error: null,
    unconfirmed: false,
    messageId: expect.stringMatching(new RegExp(`^<${caseId}\\..+@mobility\\.kbtu\\.kz>$`)),
  });
  // What the ledger says was sent, the relay has: the same Message-ID.
  expect(relay.received.map((r) => r.messageId)).toContain(toStudent.messageId);
  // The offices' task mails are listed for staff.
  expect(staff.messages.some((m) => m.to === 'di_officer' && m.template === 'taskAssigned')).toBe(true);

  // The student reads the case, so its mail to them; not the offices' mail, not the offices' timers.
  const own = CaseMessages.parse((await http.get(`/cases/${caseId}/messages`, student)).body);
  expect(own.messages.length).toBeGreaterThan(0);
  expect(own.messages.every((m) => m.to === 'student' && m.address === 'aruzhan@student.kbtu.kz')).toBe(true);
  expect(own.upcoming.every((u) => u.to === 'student')).toBe(true);

  // Anyone else's case is refused as reading it is: another student 403, a dean of another school 403.
  const other = await http.get(`/cases/${caseId}/messages`, studentOf('23B999001'));
  expect(other.status).toBe(403);
  const bsDean = { id: 'dean.bs', role: 'dean_office' as const, school: 'BS' };
  expect((await http.get(`/cases/${caseId}/messages`, bsDean)).status).toBe(403);
  expect((await http.get('/cases/outgoing-nope-23b000000/messages')).status).toBe(404);
  expect((await http.get('/cases/not-a-case/messages')).status).toBe(400);
});

test("a message the relay refuses with a 550 shows failed at once, with the relay's words", async () => {
  const request = await applicant('self_funded', { record: { email: GONE } });
  const student = studentOf(request);
  const { body } = await http.post('/cases', { callId: request.callId }, student);
  const caseId = (body as unknown as CaseView).caseId;
  await driveHttp(http, caseId, through(happyPath('self_funded', 'paid', student), 'CONFIRM_ELIGIBILITY'));

  const read = await messagesOnce(`/cases/${caseId}/messages`, as.di, (m) =>
    m.messages.some((x) => x.state === 'failed'),
  );
  const failed = read.messages.find((m) => m.state === 'failed')!;
  // Refused at RCPT TO, before any data: no attempt reached the relay's DATA (attempts counts those).
  expect(failed).toMatchObject({ to: 'student', address: GONE, attempts: 0, unconfirmed: false });
  expect(failed.error).toContain('550');
  expect(failed.error).toContain('no such mailbox');
  // Not retried: the relay was asked once and kept nothing for that address.
  expect(relay.received.filter((r) => r.to.includes(GONE))).toEqual([]);

  // DI reads the same through the CLI: the refusal in the relay's words, the key a resend would name.
  const cli = await cliRunner({ MOBILITY_API_URL: system.apiUrl, IDP_PORT: String(config.IDP_PORT) });
  const password = system.identity!.directory.users.find((u) => u.username === 'aliya')!.password;
  const login = await cli.mobility(['login', 'aliya', '--password-stdin'], { input: `${password}\n` });
  expect(login.code).toBe(0);
  const shown = await cli.mobility(['messages', caseId]);
  expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
  expect(shown.stdout).toMatch(/upcoming:/);
  expect(shown.stdout).toContain(`FAILED`);
  expect(shown.stdout).toContain(`REFUSED: ${failed.error}`);
  expect(shown.stdout).toContain(`key ${failed.messageKey}`);
  const asJson = await cli.mobility(['messages', caseId, '--json']);
  const parsed = CaseMessages.parse(JSON.parse(asJson.stdout));
  expect(parsed.messages.find((m) => m.messageKey === failed.messageKey)).toEqual(failed);
});

test("an incoming case's messages: the partner reads the mail to it, another partner is refused", async () => {
  const n = nomination();
  const { semester, school, student } = n;
  const TUM = { id: 'tum', role: 'partner' as const };
  const res = await http.post('/incoming/nominations', { semester, school, student }, TUM);
  expect(res.status).toBe(201);
  const caseId = String(res.body.caseId);

  const path = `/incoming/cases/${caseId}/messages`;
  const partner = await messagesOnce(path, TUM, (m) => m.messages.some((x) => x.state === 'sent'));
  expect(partner.messages.every((m) => m.to === 'partner')).toBe(true);
  const staff = CaseMessages.parse((await http.get(path, as.di)).body);
  expect(staff.messages.length).toBeGreaterThanOrEqual(partner.messages.length);
  expect((await http.get(path, { id: 'knu', role: 'partner' })).status).toBe(403);
});
