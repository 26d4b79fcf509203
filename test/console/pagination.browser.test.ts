import type { Browser, Page } from 'playwright-core';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import type { AuthedApi } from '../helpers/auth';
import { as, liveCall } from '../helpers/fixtures';
import { api, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { nomination } from '../incoming/support';
import { launchChromium, personAt, screenshot, signIn } from './browser';

/**
 * The console's case lists a page at a time, in a real browser: a "Next page" link while the list goes on
 * (the filters and the page size kept in it), none on the last page, every case on exactly one page; the
 * link in Russian too. The calls list the same way.
 */
let system: RunningSystem;
let config: Config;
let http: AuthedApi;
let browser: Browser;
const TUM = { id: 'tum', role: 'partner' } as const;
const outgoing: string[] = [];
const incoming: string[] = [];

beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
  const applicant = systemApplicants(config, system);
  for (let i = 0; i < 3; i++) {
    const request = await applicant('erasmus');
    const opened = await http.post(
      '/cases',
      { callId: request.callId, studentId: request.student.id },
      as.di,
    );
    expect(opened.status).toBe(201);
    outgoing.push(String(opened.body.caseId));
    const { semester, school, student } = nomination();
    const made = await http.post('/incoming/nominations', { semester, school, student }, TUM);
    expect(made.status).toBe(201);
    incoming.push(String(made.body.caseId));
  }
  await waitFor('every case in visibility', async () => {
    const out = (await http.get('/cases?limit=200')).body.items as unknown[];
    const inc = (await http.get('/incoming/cases?limit=200')).body.items as unknown[];
    return out.length === 3 && inc.length === 3 ? true : undefined;
  });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const sorted = (list: string[]) => [...list].sort();

/** Follows "Next page" from `url` to the last page: the rows of each page (their `key`), each link followed. */
async function walk(page: Page, url: string, rows: string, key = 'data-case') {
  const pages: string[][] = [];
  const links: string[] = [];
  await page.goto(url);
  for (;;) {
    pages.push(
      await page.locator(rows).evaluateAll((trs, key) => trs.map((tr) => tr.getAttribute(key)!), key),
    );
    const next = page.locator('#next-page');
    if ((await next.count()) === 0) return { pages, links };
    links.push((await next.getAttribute('href'))!);
    await Promise.all([page.waitForLoadState('load'), next.click()]);
  }
}

test('the case list and the incoming list page two at a time; the last page has no link', async () => {
  const { context, page, errors } = await personAt(browser, system.apiUrl);
  const aliya = system.identity!.directory.users.find((u) => u.username === 'aliya')!;
  await signIn(page, aliya.username, aliya.password);

  const cases = await walk(page, '/console/cases?status=open&limit=2', '#cases tr[data-case]');
  expect(cases.pages.map((p) => p.length)).toEqual([2, 1]);
  expect(cases.pages.flat().sort()).toEqual([...outgoing].sort());
  // The link keeps the filters and the page size; the CSV export is of the whole list, not of a page.
  expect(cases.links[0]).toMatch(/^\/console\/cases\?status=open&limit=2&cursor=[\w-]+\.[\w-]+$/);
  await page.goto(cases.links[0]!);
  expect(await page.locator('#cases-csv').getAttribute('href')).toBe('/console/cases.csv?status=open');
  await screenshot(page, 'pagination-cases-last-page');

  const nominees = await walk(page, '/console/incoming?limit=2', '#incoming-cases tr[data-case]');
  expect(nominees.pages.map((p) => p.length)).toEqual([2, 1]);
  expect(nominees.pages.flat().sort()).toEqual([...incoming].sort());

  // In Russian, the same link in Russian words.
  await page.goto('/console/cases?limit=1');
  await page.click('form.lang button[value=ru]');
  await page.goto('/console/cases?limit=1');
  expect((await page.locator('#next-page').textContent())?.trim()).toBe('Следующая страница');
  await screenshot(page, 'pagination-cases-ru');

  // A cursor edited in the address is refused in words, not a server error.
  const refused = await page.goto(`${cases.links[0]!.slice(0, -3)}xyz`);
  expect(refused!.status()).toBe(400);
  expect(errors).toEqual([]);
  await context.close();
});

test('the calls page one at a time: every call on exactly one page, the last without a link', async () => {
  const now = Date.now();
  for (const i of [1, 2]) {
    const opened = await http.post('/calls', {
      ...liveCall('erasmus', now),
      id: `erasmus-pager-${i}-${now}`,
    });
    expect(opened.status).toBe(201);
  }
  const every = await waitFor('the new calls in visibility', async () => {
    const items = (await http.get('/calls?limit=200')).body.items as { call: { id: string } }[];
    const ids = items.map((c) => c.call.id);
    return ids.includes(`erasmus-pager-2-${now}`) && ids.includes(`erasmus-pager-1-${now}`) ? ids : undefined;
  });
  const { context, page, errors } = await personAt(browser, system.apiUrl);
  const aliya = system.identity!.directory.users.find((u) => u.username === 'aliya')!;
  await signIn(page, aliya.username, aliya.password);
  const calls = await walk(page, '/console/calls?limit=1', '#calls tr[data-call]', 'data-call');
  // One call a page; the page after the last call may come back empty.
  expect(calls.pages.every((p) => p.length <= 1)).toBe(true);
  expect(calls.pages.flat()).toEqual(every);
  expect(calls.links[0]).toMatch(/^\/console\/calls\?limit=1&cursor=[\w-]+\.[\w-]+$/);
  if (calls.pages.at(-1)!.length === 0) {
    expect((await page.locator('p.empty').textContent())?.trim()).toBe('Nothing more on this list.');
  }
  await page.goto('/console/calls?limit=1');
  await screenshot(page, 'pagination-calls');
  // The case list's call filter offers every call, not one page of them.
  await page.goto('/console/cases');
  const options = await page
    .locator('select[name=callId] option')
    .evaluateAll((os) => os.map((o) => o.getAttribute('value')).filter(Boolean));
  expect(sorted(options as string[])).toEqual(sorted(every));
  const refused = await page.goto(`${calls.links[0]!.slice(0, -3)}xyz`);
  expect(refused!.status()).toBe(400);
  expect(errors).toEqual([]);
  await context.close();
});
