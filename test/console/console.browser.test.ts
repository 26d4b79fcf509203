import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { upsertIdentity } from '../../app/embedded/identity-users';
import type { RunningSystem } from '../../app/system';
import { importStudentCsv } from '../../services/records-import';
import { liveSemester } from '../helpers/fixtures';
import { startTestSystem, testConfig } from '../helpers/system';
import { act, launchChromium, reloadUntil, screenshot, signedInAt, upload } from './browser';

/**
 * The console in a real browser (Debian's Chromium) against the real system: the embedded identity
 * provider, the dev server, the worker and the API. People sign in with the seeded users; one case goes
 * from a call DI opens, through a student's application and uploads, to DI's confirmation and the dean's
 * office's action; the auditor reads everything and can change nothing; another student sees nothing of it.
 */
const SEED = join(__dirname, '..', '..', 'seed');
const CALL = 'erasmus-console-test';
const CASE = `outgoing-${CALL}-23b030112`;
const OTHER_STUDENT = { username: 'timur', password: 'timur-password-1', studentId: '22B030418' };

let system: RunningSystem;
let browser: Browser;
let base: string;
const passwords = new Map<string, string>();

beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  await importStudentCsv(join(SEED, 'students.csv'), system.stores.records);
  base = system.apiUrl;
  for (const u of system.identity!.directory.users) passwords.set(u.username, u.password);
  // A second student, to show that one student never sees another's case.
  await upsertIdentity(config.DATA_DIR, {
    user: {
      username: OTHER_STUDENT.username,
      password: OTHER_STUDENT.password,
      name: 'Timur Sadykov',
      role: 'student',
      studentId: OTHER_STUDENT.studentId,
    },
  });
  passwords.set(OTHER_STUDENT.username, OTHER_STUDENT.password);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const person = (username: string) => signedInAt(browser, base, username, passwords.get(username)!);

/** `datetime-local` values in Almaty time: from yesterday to a month ahead. */
function windowInputs(): { opensAt: string; closesAt: string } {
  const local = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 16);
  return { opensAt: local(Date.now() - 86_400_000), closesAt: local(Date.now() + 30 * 86_400_000) };
}

test('a DI officer opens a call, a student applies and uploads, DI confirms, the dean acts; the auditor reads; another student sees nothing', async () => {
  // DI opens the call.
  const di = await person('aliya');
  await di.page.goto('/console/calls');
  const form = di.page.locator('#open-call form');
  await form.locator('[name=id]').fill(CALL);
  await form.locator('[name=title]').fill('Erasmus+ with TU Munich (console test)');
  await form.locator('[name=track]').selectOption('erasmus');
  await form.locator('[name=mobilitySemester]').fill(liveSemester());
  const { opensAt, closesAt } = windowInputs();
  await form.locator('[name=opensAt]').fill(opensAt);
  await form.locator('[name=closesAt]').fill(closesAt);
  await form.locator('[name=schools]').fill('SITE, BS');
  await form.locator('button[type=submit]').click();
  await di.page.waitForURL(`**/console/calls/${CALL}?opened=1`);
  await screenshot(di.page, '01-di-call-opened');

  // The student applies from the call, submits and uploads; a low-resolution scan is refused in words.
  const student = await person('aruzhan');
  await student.page.goto('/console/calls');
  await screenshot(student.page, '02-student-calls');
  await student.page.click(`[data-apply=${CALL}]`);
  await student.page.waitForURL(`**/console/cases/${CASE}?done=OPEN_CASE`);
  expect(await student.page.locator('#student').textContent()).toContain('Aruzhan Seitkali (23B030112)');
  await act(student.page, 'SUBMIT_APPLICATION');
  expect(await student.page.locator('#eligibility .badge').first().textContent()).toBe('eligible');
  expect(await upload(student.page, 'transcript', join(SEED, 'documents', 'transcript.pdf'))).toContain(
    'accepted',
  );
  expect(
    await upload(student.page, 'passport_scan', join(SEED, 'documents', 'passport-phone-photo.png')),
  ).toContain('refused');
  expect(await student.page.locator('#documents').textContent()).toContain('below the 1000x700');
  expect(await upload(student.page, 'passport_scan', join(SEED, 'documents', 'passport-scan.png'))).toContain(
    'accepted',
  );
  // What the student may not do is not offered: no button for DI's confirmation.
  expect(await student.page.locator('form[data-action=CONFIRM_ELIGIBILITY]').count()).toBe(0);
  await screenshot(student.page, '03-student-case');

  // DI finds the case in "My work", confirms and nominates; a refusal is shown in words.
  await reloadUntil(di.page, '/', `#work tr[data-case="${CASE}"]`);
  await screenshot(di.page, '04-di-my-work');
  await di.page.click(`#work a[href="/console/cases/${CASE}"]`);
  await act(di.page, 'CONFIRM_ELIGIBILITY');
  expect(await di.page.locator('.flash.ok').textContent()).toContain('Confirm eligibility: done');
  await act(di.page, 'SELECT_FOR_PLACEMENT');
  await act(di.page, 'NOMINATE_TO_PARTNER', { partnerId: 'TU Munich!', partnerName: 'TU Munich' });
  expect(await di.page.locator('#refusal').textContent()).toContain(
    'partnerId must be 2-40 lower-case letters',
  );
  await screenshot(di.page, '05-di-refusal');
  await act(di.page, 'NOMINATE_TO_PARTNER', { partnerId: 'tum', partnerName: 'TU Munich' });
  await act(di.page, 'RECORD_INVITATION_LETTER');
  expect(await di.page.locator('#stage').textContent()).toContain('Pre-departure');

  // SITE's dean's office sees it waiting for the curriculum, and agrees it.
  const dean = await person('marat');
  await reloadUntil(dean.page, '/', `#work tr[data-case="${CASE}"]`);
  expect(await dean.page.locator(`#work tr[data-case="${CASE}"]`).textContent()).toContain(
    'Agree curriculum',
  );
  await screenshot(dean.page, '06-dean-my-work');
  await dean.page.click(`#work a[href="/console/cases/${CASE}"]`);
  // The seed curricula (imported as tour step 8 does): semester 4 of 6B06102 against TUM's catalogue.
  await act(dean.page, 'AGREE_CURRICULUM', {
    programme: '6B06102',
    semester: '4',
    matches: 'CSE2210 = IN0007\nCSE2230 = IN0008\nCSE2250 = IN0009\nMATH2040 = MA0009\nHUM2010 = WZ1150',
  });
  expect(await dean.page.locator('.flash.ok').textContent()).toContain('Agree curriculum: done');
  await screenshot(dean.page, '07-dean-case');

  // The auditor sees every case and its whole history, exports it, and has no button anywhere.
  const auditor = await person('audit');
  await reloadUntil(auditor.page, '/console/cases', `#cases tr[data-case="${CASE}"]`);
  await screenshot(auditor.page, '08-auditor-cases');
  await auditor.page.goto(`/console/cases/${CASE}`);
  expect(await auditor.page.locator('#read-only').count()).toBe(1);
  expect(await auditor.page.locator('form[data-action], #upload').count()).toBe(0);
  const history = await auditor.page.locator('#history tbody tr').allTextContents();
  expect(history.join('\n')).toMatch(/AGREE_CURRICULUM[\s\S]*/);
  await screenshot(auditor.page, '09-auditor-case');
  const csv = await auditor.context.request.get(`/console/cases/${CASE}/history.csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(`${CASE},1,`);
  const pdf = await auditor.context.request.get(`/console/calls/${CALL}/history.pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  // Even a form posted by hand is refused: the auditor's session changes nothing.
  const posted = await auditor.context.request.post(`/console/cases/${CASE}/act`, {
    form: { _action: 'CANCEL', reason: 'auditor tries' },
  });
  expect(posted.status()).toBe(403);

  // Another student: nothing of Aruzhan's case, by list, by address, by export.
  const other = await person(OTHER_STUDENT.username);
  expect(await other.page.locator('#work-empty').count()).toBe(1);
  await other.page.goto('/console/cases?studentId=23B030112');
  expect(await other.page.locator(`tr[data-case="${CASE}"]`).count()).toBe(0);
  const direct = await other.page.goto(`/console/cases/${CASE}`);
  expect(direct!.status()).toBe(404);
  expect(await other.page.content()).not.toContain('Aruzhan');
  expect((await other.context.request.get(`/console/cases/${CASE}/history.csv`)).status()).toBe(404);
  await other.page.goto(`/console/calls/${CALL}`);
  expect(await other.page.locator(`tr[data-case="${CASE}"]`).count()).toBe(0);
  expect(await other.page.locator('#ranking').count()).toBe(0);
  await screenshot(other.page, '10-other-student-call');

  // The student follows the case in Russian, times in Almaty time.
  await student.page.goto(`/console/cases/${CASE}`);
  await student.page.click('form.lang button[value=ru]');
  await student.page.waitForSelector('html[lang=ru]');
  expect(await student.page.locator('h1').textContent()).toBe(`Дело ${CASE}`);
  expect(await student.page.locator('#history').textContent()).toContain('(+05:00)');
  await screenshot(student.page, '11-student-case-ru');

  for (const p of [di, student, dean, auditor, other]) expect(p.errors).toEqual([]);
});
