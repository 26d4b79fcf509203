import type { Browser } from 'playwright-core';
import type { RunningSystem } from '../../app/system';
import type { CaseView } from '../../domain/case-view';
import type { AuthedApi } from '../helpers/auth';
import { studentOf } from '../helpers/fixtures';
import { happyPath, through } from '../helpers/paths';
import { api, driveHttp, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { nomination } from '../incoming/support';
import { startRelay, type Relay } from '../notifications/relay';
import { launchChromium, personAt, reloadUntil, screenshot, signIn } from './browser';

/**
 * The case pages' Messages section in a real browser against the real system, its mail through a real
 * SMTP relay that refuses one student's mailbox (550): DI sees the reminders and escalations to come in
 * Almaty time, and the refused message with the relay's words and the key a resend names, in English and
 * Russian; an incoming case's page has the section too.
 */
const GONE = 'gone@student.kbtu.kz';

let relay: Relay;
let system: RunningSystem;
let http: AuthedApi;
let applicant: ReturnType<typeof systemApplicants>;
let browser: Browser;
beforeAll(async () => {
  relay = await startRelay({
    refuse: (address) => (address === GONE ? { code: 550, message: '5.1.1 no such mailbox' } : undefined),
  });
  const config = { ...(await testConfig()), SMTP_EXTERNAL: 'true' as const, SMTP_PORT: relay.port };
  system = await startTestSystem(config);
  http = api(system, config);
  applicant = systemApplicants(config, system);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await relay?.close();
});

const di = async () => {
  const p = await personAt(browser, system.apiUrl);
  const aliya = system.identity!.directory.users.find((u) => u.username === 'aliya')!;
  await signIn(p.page, aliya.username, aliya.password);
  return p;
};

test("DI reads a case's messages: what is to come in Almaty time, a refused one in the relay's words", async () => {
  const request = await applicant('self_funded', { record: { email: GONE } });
  const student = studentOf(request);
  const { body } = await http.post('/cases', { callId: request.callId }, student);
  const caseId = (body as unknown as CaseView).caseId;
  await driveHttp(http, caseId, through(happyPath('self_funded', 'paid', student), 'NOMINATE_TO_PARTNER'));

  const { page, errors } = await di();
  const url = `/console/cases/${caseId}`;
  await reloadUntil(page, url, '#sent-messages tr[data-state=failed]');
  const section = page.locator('#messages');
  expect(await section.locator('h2').textContent()).toBe('Messages');
  // Upcoming timers: at least a reminder and an escalation, their times in Almaty's offset.
  const upcoming = section.locator('#upcoming tbody tr');
  expect(await upcoming.count()).toBeGreaterThan(1);
  const rows = (await upcoming.allTextContents()).join('\n');
  expect(rows).toContain('reminder');
  expect(rows).toContain('escalation');
  expect(rows).toContain('(+05:00)');

  const failed = section.locator('#sent-messages tr[data-state=failed]').first();
  const key = await failed.getAttribute('data-message');
  expect(await failed.locator('[role=alert]').textContent()).toMatch(
    /^The mail relay refused it: gone@student\.kbtu\.kz: 550 5\.1\.1 no such mailbox/,
  );
  expect(await failed.textContent()).toContain(`message key ${key}`);
  expect(await section.locator('#sent-messages tr[data-state=sent]').count()).toBeGreaterThan(0);
  await screenshot(page, 'case-messages');

  await page.click('button[name=lang][value=ru]');
  await page.waitForSelector('html[lang=ru]');
  expect(await page.locator('#messages h2').textContent()).toBe('Письма');
  expect(await page.locator('#sent-messages tr[data-state=failed] .badge').first().textContent()).toBe(
    'не доставлено',
  );
  expect(await page.locator('#upcoming').textContent()).toContain('напоминание');
  expect(errors).toEqual([]);
});

test("an incoming case's page lists its messages too", async () => {
  const { semester, school, student } = nomination();
  const res = await http.post(
    '/incoming/nominations',
    { semester, school, student },
    { id: 'tum', role: 'partner' },
  );
  expect(res.status).toBe(201);
  const { page, errors } = await di();
  await reloadUntil(
    page,
    `/console/incoming/${String(res.body.caseId)}`,
    '#sent-messages tr[data-state=sent]',
  );
  expect(await page.locator('#messages h2').textContent()).toBe('Messages');
  expect(await page.locator('#sent-messages').textContent()).toContain('partner');
  expect(errors).toEqual([]);
});
