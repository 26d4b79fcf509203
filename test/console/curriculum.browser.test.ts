import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningSystem } from '../../app/system';
import type { CaseView } from '../../domain/case-view';
import type { AuthedApi } from '../helpers/auth';
import { as, studentOf } from '../helpers/fixtures';
import { between, happyPath, through } from '../helpers/paths';
import { semester4Matches } from '../after-selection/support';
import { api, driveHttp, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { act, launchChromium, screenshot, signedInAt } from './browser';

/**
 * The case page's individual curriculum in a real browser against the real system, the seed curricula
 * imported into its database: SITE's dean's office agrees the curriculum with matches typed into the
 * console's form (a bad match refused in words first, changing nothing), the table, planned credits and
 * retake list appear; after return DI types the partner's grades as the transcript writes them, the dean
 * approves the recalculation, and the converted grades, the credits transferred and the final retakes show.
 */
const CURRICULA = join(__dirname, '..', '..', 'seed', 'curricula');

let system: RunningSystem;
let http: AuthedApi;
let applicant: ReturnType<typeof systemApplicants>;
let browser: Browser;
beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
  applicant = systemApplicants(config, system);
  const seed = (file: string) => readFile(join(CURRICULA, file), 'utf8');
  const kbtu = await http.post(
    '/curricula/kbtu',
    { fileName: 'kbtu.csv', content: await seed('kbtu-working-curriculum.csv') },
    as.dean,
  );
  expect(kbtu.status).toBe(201);
  const tum = await http.post(
    '/curricula/partners/tum/catalogue',
    { fileName: 'tum.csv', content: await seed('tum-catalogue.csv') },
    as.di,
  );
  expect(tum.status).toBe(201);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const person = (username: string) => {
  const user = system.identity!.directory.users.find((u) => u.username === username)!;
  return signedInAt(browser, system.apiUrl, user.username, user.password);
};

/** Each `tr[data-course]` of `#curriculum` as its code and its cells' text. */
async function rows(page: Page): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const row of await page.locator('#curriculum tr[data-course]').all()) {
    const cells = await row.locator('td').allTextContents();
    out[(await row.getAttribute('data-course'))!] = cells.map((c) => c.trim());
  }
  return out;
}
const retakes = (page: Page) => page.locator('#retakes li').allTextContents();

/** As the dean's office types them: one KBTU course a line, its partner course after `=`. */
const MATCHES = semester4Matches.map((m) => `${m.kbtuCode} = ${m.partnerCodes.join(' + ')}`).join('\n');

test('the dean agrees the curriculum with matches in the console; after return the grades convert and the credits transfer', async () => {
  const request = await applicant('erasmus');
  const student = studentOf(request);
  const opened = await http.post('/cases', { callId: request.callId }, student);
  const caseId = (opened.body as unknown as CaseView).caseId;
  const path = happyPath('erasmus', 'paid', student);
  await driveHttp(http, caseId, through(path, 'APPROVE_LEAVE'));
  const url = `/console/cases/${caseId}`;

  const dean = await person('marat');
  await dean.page.goto(url);
  expect(await dean.page.locator('#stage').textContent()).toContain('Pre-departure');
  expect(await dean.page.locator('#curriculum').count()).toBe(0);
  const agreement = { programme: '6B06102', semester: '4' };

  // A basic elective matched to a profiling course: refused in words, by its path; nothing agreed.
  await act(dean.page, 'AGREE_CURRICULUM', { ...agreement, matches: 'MATH2040 = IN2013' });
  const refused = await dean.page.locator('#refusal').textContent();
  expect(refused).toContain('matches.0.partnerCodes.0');
  expect(refused).toContain('MATH2040 is a basic elective; IN2013 is classified profiling');
  expect(await dean.page.locator('#curriculum').count()).toBe(0);
  expect(await dean.page.locator('form[data-action=AGREE_CURRICULUM]').count()).toBe(1);
  const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as { event: string }[];
  expect(history.map((e) => e.event)).not.toContain('AGREE_CURRICULUM');
  await screenshot(dean.page, 'curriculum-01-dean-refused');

  await act(dean.page, 'AGREE_CURRICULUM', { ...agreement, matches: MATCHES });
  expect(await dean.page.locator('.flash.ok').textContent()).toContain('Agree curriculum: done');
  const section = dean.page.locator('#curriculum');
  expect(await section.locator('p.muted').first().textContent()).toBe(
    'Programme 6B06102, semester 4: 27 of 30 KBTU credits planned. Retakes are paid by the student.',
  );
  expect(await rows(dean.page)).toEqual({
    CSE2210: [
      'CSE2210 Algorithms and Data Structures (6)',
      'IN0007 Fundamentals of Algorithms and Data Structures',
      'matched',
      '',
      '',
    ],
    CSE2230: ['CSE2230 Database Systems (5)', 'IN0008 Fundamentals of Databases', 'matched', '', ''],
    CSE2250: [
      'CSE2250 Operating Systems (5)',
      'IN0009 Basic Principles: Operating Systems and System Software',
      'matched',
      '',
      '',
    ],
    MATH2040: [
      'MATH2040 Probability and Statistics (5)',
      'MA0009 Introduction to Probability Theory and Statistics',
      'matched',
      '',
      '',
    ],
    HUM2010: [
      'HUM2010 Philosophy of Science (4)',
      'WZ1150 Philosophy and Ethics of Technology',
      'short',
      '',
      '',
    ],
    CSE2990: ['CSE2990 Web Development (5)', '', 'unmatched', '', ''],
  });
  expect(await section.locator('#credits-transferred').count()).toBe(0);
  expect(await retakes(dean.page)).toEqual([
    'HUM2010 Philosophy of Science (4): credit shortfall: 3 of 4 KBTU credits',
    'CSE2990 Web Development (5): no partner course matched',
  ]);
  await screenshot(dean.page, 'curriculum-02-dean-agreed');

  // Learning agreement, visa, tuition, departure and return, over the API.
  await driveHttp(http, caseId, between(path, 'AGREE_CURRICULUM', 'RECORD_PARTNER_TRANSCRIPT'));

  // DI types the transcript's grades as TUM writes them, a decimal comma included.
  const di = await person('aliya');
  await di.page.goto(url);
  const transcript = (await readFile(join(CURRICULA, 'tum-transcript.csv'), 'utf8')).trim().split('\n');
  const grades = transcript.slice(1).map((line) => line.replace(',', ' = '));
  grades[0] = grades[0]!.replace('1.3', '1,3');
  await act(di.page, 'RECORD_PARTNER_TRANSCRIPT', { grades: grades.join('\n') });
  expect(await di.page.locator('.flash.ok').textContent()).toContain('Record partner transcript: done');
  expect(await di.page.locator('#credits-transferred').textContent()).toBe(
    'Credits transferred after return: 16.',
  );

  // The dean's office approves the transfer the case computed; the case closes.
  await dean.page.goto(url);
  await act(dean.page, 'RECALCULATE_CREDITS');
  expect(await dean.page.locator('.flash.ok').textContent()).toContain('Recalculate credits: done');
  expect(await dean.page.locator('#stage').textContent()).toContain('Closed');
  const graded = await rows(dean.page);
  expect(Object.fromEntries(Object.entries(graded).map(([code, cells]) => [code, cells.slice(2)]))).toEqual({
    CSE2210: ['matched', 'A', '6'],
    CSE2230: ['matched', 'B+', '5'],
    CSE2250: ['matched', 'F', '0'],
    MATH2040: ['matched', 'A-', '5'],
    HUM2010: ['short', 'B', '0'],
    CSE2990: ['unmatched', '', ''],
  });
  expect(await dean.page.locator('#credits-transferred').textContent()).toBe(
    'Credits transferred after return: 16.',
  );
  expect(await retakes(dean.page)).toEqual([
    'HUM2010 Philosophy of Science (4): credit shortfall: 3 of 4 KBTU credits',
    'CSE2990 Web Development (5): no partner course matched',
    expect.stringMatching(/^CSE2250 Operating Systems \(5\): failed at the partner: IN0009/),
  ]);
  await screenshot(dean.page, 'curriculum-03-dean-credits');

  const closed = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
  expect((closed.context as { credits?: unknown }).credits).toEqual({
    creditsTransferred: 16,
    retakeCourses: ['HUM2010', 'CSE2990', 'CSE2250'],
  });
  for (const p of [dean, di]) expect(p.errors).toEqual([]);
});
