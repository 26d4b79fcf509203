import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { upsertIdentity } from '../../app/embedded/identity-users';
import type { RunningSystem } from '../../app/system';
import { makeTextPdf } from '../documents/fixtures';
import { startTestSystem, testConfig } from '../helpers/system';
import { act, launchChromium, reloadUntil, screenshot, signedInAt, upload } from './browser';

/**
 * Incoming mobility in a real browser against the real system. TUM's international office signs in and
 * nominates a student (a mistyped citizenship first, refused naming the field); DI finds the case in its
 * work, sends the disciplines; TUM uploads the documents and proposes the learning agreement; SITE's
 * dean's office agrees it; DI sends both invitations; TUM nominates two more from a CSV (a file with a
 * problem first); the auditor reads the case with no form. Another partner and another school's dean's office
 * see nothing of the case, by list or by address; nothing malformed is answered with a 5xx.
 */
const SEED = join(__dirname, '..', '..', 'seed');
const STUDENT_ID = `GA${Date.now().toString(36).toUpperCase()}`;
const CASE = `incoming-tum-2027-spring-${STUDENT_ID.toLowerCase()}`;
const PASSPORT = 'C7Y481516';
const OTHERS = [
  { username: 'knu-office', name: 'KNU international office', role: 'partner', partnerId: 'knu' },
  { username: 'bs-dean', name: "BS dean's office", role: 'dean_office', school: 'BS' },
] as const;

let system: RunningSystem;
let browser: Browser;
let base: string;
let files: string;
const passwords = new Map<string, string>();

beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  base = system.apiUrl;
  for (const u of system.identity!.directory.users) passwords.set(u.username, u.password);
  for (const user of OTHERS) {
    await upsertIdentity(config.DATA_DIR, { user: { ...user, password: `${user.username}-password-1` } });
    passwords.set(user.username, `${user.username}-password-1`);
  }
  files = await mkdtemp(join(tmpdir(), 'incoming-console-'));
  for (const [name, text] of <[string, string][]>[
    ['application-form.pdf', 'Application form for exchange studies at KBTU'],
    ['learning-agreement.pdf', 'Learning agreement: CSCI2106 Data Structures and Algorithms'],
  ]) {
    await writeFile(join(files, name), await makeTextPdf([text]));
  }
  const header =
    'semester,school,partnerStudentId,givenName,familyName,birthDate,citizenship,email,passportNumber,passportExpiresOn,level,field';
  const row = (n: number, citizenship: string) =>
    `2027-spring,SITE,${STUDENT_ID}-${n},Lena,Koch,2004-03-0${n},${citizenship},lena${n}@tum.example,C7Y00000${n},2031-05-01,bachelor,Physics`;
  await writeFile(join(files, 'refused.csv'), [header, row(1, 'KG'), row(2, 'Kyrgyzstan')].join('\n'));
  await writeFile(join(files, 'two.csv'), [header, row(1, 'KG'), row(2, 'UZ')].join('\n'));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const person = (username: string) => signedInAt(browser, base, username, passwords.get(username)!);

test("a partner nominates, DI, the partner and the dean's office take the case to its invitations; others see nothing", async () => {
  // TUM's office nominates; a citizenship typed as a name is refused naming the field, nothing opens.
  const tum = await person('tum-office');
  await tum.page.goto('/console/incoming');
  const form = tum.page.locator('#nominate-one');
  expect(await form.locator('[name=partnerId]').count()).toBe(0);
  await form.locator('[name=semester]').selectOption('2027-spring');
  await form.locator('[name=school]').selectOption('SITE');
  await form.locator('[name=partnerStudentId]').fill(STUDENT_ID);
  await form.locator('[name=givenName]').fill('Jonas');
  await form.locator('[name=familyName]').fill('Weber');
  await form.locator('[name=birthDate]').fill('2003-02-11');
  await form.locator('[name=citizenship]').fill('Germany');
  await form.locator('[name=email]').fill('jonas.weber@tum.example');
  await form.locator('[name=passportNumber]').fill(PASSPORT);
  await form.locator('[name=passportExpiresOn]').fill('2031-05-01');
  await form.locator('[name=level]').selectOption('bachelor');
  await form.locator('[name=field]').fill('Informatics');
  const refused = await Promise.all([
    tum.page.waitForResponse('**/console/incoming/nominate'),
    form.locator('button').click(),
  ]);
  expect(refused[0].status()).toBe(400);
  expect(await tum.page.locator('#refusal').textContent()).toContain('student.citizenship');
  expect(await tum.page.locator('#nominate-one [name=citizenship]').getAttribute('aria-invalid')).toBe(
    'true',
  );
  // What was typed stays, but the passport number is asked for again and shown nowhere.
  expect(await tum.page.locator('#nominate-one [name=givenName]').inputValue()).toBe('Jonas');
  expect(await tum.page.content()).not.toContain(PASSPORT);
  await screenshot(tum.page, 'incoming-01-partner-refused');
  await tum.page.locator('#nominate-one [name=citizenship]').fill('DE');
  await tum.page.locator('#nominate-one [name=passportNumber]').fill(PASSPORT);
  await tum.page.locator('#nominate-one button').click();
  await tum.page.waitForURL(`**/console/incoming/${CASE}?nominated=1`);
  expect(await tum.page.locator('#stage').textContent()).toContain('Nomination');
  expect(await tum.page.locator('#visa').textContent()).toContain('visa needed');
  expect(await tum.page.locator('#passport').textContent()).toMatch(/^•+516$/);
  expect(await tum.page.content()).not.toContain(PASSPORT);
  // Sending the disciplines is DI's: the partner is shown it waits for DI, with no button.
  expect(await tum.page.locator('form[data-action=SEND_DISCIPLINES_LIST]').count()).toBe(0);
  expect(await tum.page.locator('#actions').textContent()).toContain('Send disciplines list (DI officer)');
  await screenshot(tum.page, 'incoming-02-partner-nominated');

  // DI finds it in "My work" and sends the disciplines list.
  const di = await person('aliya');
  await reloadUntil(di.page, '/', `#incoming-work tr[data-case="${CASE}"]`);
  expect(await di.page.locator(`#incoming-work tr[data-case="${CASE}"]`).textContent()).toContain(
    'Send disciplines list',
  );
  await screenshot(di.page, 'incoming-03-di-my-work');
  await di.page.click(`#incoming-work a[href="/console/incoming/${CASE}"]`);
  await act(di.page, 'SEND_DISCIPLINES_LIST');
  expect(await di.page.locator('.flash.ok').textContent()).toContain('Send disciplines list: done');
  expect(await di.page.locator('#stage').textContent()).toContain('Application');

  // TUM uploads the application's documents and proposes the learning agreement.
  await tum.page.goto(`/console/incoming/${CASE}`);
  expect(await upload(tum.page, 'application_form', join(files, 'application-form.pdf'))).toContain(
    'accepted',
  );
  expect(
    await upload(tum.page, 'passport_scan', join(SEED, 'documents', 'passport-phone-photo.png')),
  ).toContain('refused');
  expect(await upload(tum.page, 'passport_scan', join(SEED, 'documents', 'passport-scan.png'))).toContain(
    'accepted',
  );
  expect(await upload(tum.page, 'learning_agreement', join(files, 'learning-agreement.pdf'))).toContain(
    'accepted',
  );
  // Each check reaches the case a moment after its upload: the checklist then shows it accepted.
  for (const item of ['application_form', 'passport_copy', 'learning_agreement'])
    await reloadUntil(tum.page, `/console/incoming/${CASE}`, `#documents tr[data-item=${item}].accepted`);
  await act(tum.page, 'PROPOSE_LEARNING_AGREEMENT', { courses: 'NOPE101' });
  expect(await tum.page.locator('#refusal').textContent()).toContain('NOPE101');
  await act(tum.page, 'PROPOSE_LEARNING_AGREEMENT', { courses: 'CSCI2106' });
  expect(await tum.page.locator('#learning-agreement').textContent()).toContain('Data Structures');
  await screenshot(tum.page, 'incoming-04-partner-application');

  // SITE's dean's office agrees the learning agreement; the one-month promise starts.
  const dean = await person('marat');
  await reloadUntil(dean.page, '/', `#incoming-work tr[data-case="${CASE}"]`);
  await dean.page.click(`#incoming-work a[href="/console/incoming/${CASE}"]`);
  await act(dean.page, 'AGREE_LEARNING_AGREEMENT', { school: 'SITE' });
  expect(await dean.page.locator('#stage').textContent()).toContain('Invitations');
  expect(await dean.page.locator('#invitation-due').count()).toBe(1);

  // DI sends KBTU's letter and records the migration service's invitation; a too-short reference first.
  await di.page.goto(`/console/incoming/${CASE}`);
  expect(await di.page.locator('#deadlines').textContent()).toContain("KBTU's invitation letter");
  await act(di.page, 'SEND_INVITATION_LETTER');
  // The letter is a PDF kept on the case, linked from its page.
  const letterLink = di.page.locator('#invitation-letter a');
  expect(await letterLink.getAttribute('href')).toBe(`/console/incoming/${CASE}/issued/invitation-letter`);
  const letter = await di.context.request.get(`/console/incoming/${CASE}/issued/invitation-letter`);
  expect([letter.status(), letter.headers()['content-type']]).toEqual([200, 'application/pdf']);
  expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const notADocument = await di.context.request.get(`/console/incoming/${CASE}/issued/visa`);
  expect(notADocument.status()).toBe(400);
  await act(di.page, 'RECORD_MIGRATION_INVITATION', { reference: 'x' });
  expect(await di.page.locator('#refusal').textContent()).toContain('reference');
  await act(di.page, 'RECORD_MIGRATION_INVITATION', { reference: 'MIG-2027-0042' });
  expect(await di.page.locator('#stage').textContent()).toContain('Arrival');
  const history = (await di.page.locator('#history tbody').textContent()) ?? '';
  for (const event of [
    'NOMINATE',
    'SEND_DISCIPLINES_LIST',
    'AGREE_LEARNING_AGREEMENT',
    'SEND_INVITATION_LETTER',
  ])
    expect(history).toContain(event);
  await screenshot(di.page, 'incoming-05-di-case');

  // Nothing malformed is a 5xx: a form of another action's fields, an id that is none, a bare nomination.
  const posted = async (url: string, form: Record<string, string>) =>
    (await di.context.request.post(url, { form })).status();
  expect(await posted(`/console/incoming/${CASE}/act`, { _action: 'RECORD_ARRIVAL', grades: 'x' })).toBe(400);
  expect(await posted(`/console/incoming/${CASE}/act`, { _action: 'NO_SUCH_ACTION' })).toBe(400);
  expect(await posted('/console/incoming/NOT%20AN%20ID/act', { _action: 'RECORD_ARRIVAL' })).toBe(400);
  expect(await posted('/console/incoming/nominate', { semester: '2027-spring' })).toBe(400);
  expect((await di.context.request.get('/console/incoming?visaRequired=maybe')).status()).toBe(400);

  // Another partner and another school's dean's office: not in their list, not at its address.
  for (const username of OTHERS.map((o) => o.username)) {
    const other = await person(username);
    await other.page.goto('/console/incoming');
    expect(await other.page.locator(`tr[data-case="${CASE}"]`).count()).toBe(0);
    expect((await other.page.goto(`/console/incoming/${CASE}`))!.status()).toBe(404);
    expect(await other.page.content()).not.toContain('Weber');
    const act404 = await other.context.request.post(`/console/incoming/${CASE}/act`, {
      form: { _action: 'WITHDRAW', reason: 'not mine to withdraw' },
    });
    expect(act404.status()).toBe(404);
    expect((await other.context.request.get(`/console/incoming/${CASE}/history.csv`)).status()).toBe(404);
    const letter404 = await other.context.request.get(`/console/incoming/${CASE}/issued/invitation-letter`);
    expect(letter404.status()).toBe(404);
    expect(other.errors).toEqual([]);
  }

  // Two more from a CSV: a file with a problem opens nothing and names its line and column.
  await tum.page.goto('/console/incoming');
  const csv = async (file: string) => {
    await tum.page.setInputFiles('#nominate-csv input[type=file]', join(files, file));
    await Promise.all([tum.page.waitForLoadState('load'), tum.page.click('#nominate-csv button')]);
  };
  await csv('refused.csv');
  expect(await tum.page.locator('#csv-errors tbody').textContent()).toMatch(/3\s*citizenship/);
  await csv('two.csv');
  expect(await tum.page.locator('#csv-cases li').count()).toBe(2);
  await screenshot(tum.page, 'incoming-06-partner-csv');

  // The auditor reads the case and its history, and is offered nothing.
  const auditor = await person('audit');
  await auditor.page.goto(`/console/incoming/${CASE}`);
  expect(await auditor.page.locator('#read-only').count()).toBe(1);
  expect(await auditor.page.locator('form[data-action], #upload').count()).toBe(0);
  expect(await auditor.page.locator('#history tbody tr').count()).toBeGreaterThan(5);
  const csvHistory = await auditor.context.request.get(`/console/incoming/${CASE}/history.csv`);
  expect(csvHistory.headers()['content-type']).toContain('text/csv');
  expect(await csvHistory.text()).toContain(`${CASE},1,`);
  const pdf = await auditor.context.request.get(`/console/incoming/${CASE}/history.pdf`);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // The list in Russian, for TUM: its own nominee, the stage the case is in.
  await reloadUntil(tum.page, '/console/incoming', `#incoming-cases tr[data-case="${CASE}"] >> text=arrival`);
  await tum.page.click('form.lang button[value=ru]');
  await tum.page.waitForSelector('html[lang=ru]');
  expect(await tum.page.locator('h1').textContent()).toBe('Входящие студенты');
  await screenshot(tum.page, 'incoming-07-partner-list-ru');

  for (const p of [tum, di, dean, auditor]) expect(p.errors).toEqual([]);
});
