import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests leave a screenshot of every page they visit (git-ignored). */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'console');

/** Debian's Chromium, headless: Playwright's own browser download needs the internet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** One person at one browser: their own cookies, every dialog accepted, every page error kept. */
export async function personAt(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, `${name}.png`), await page.screenshot({ fullPage: true }));
}

/** Signs in through the console's own button and the provider's login form, as a person would. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.click('#sign-in');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.signed-in');
}

/** A person at their own browser context, signed in as `username`. */
export async function signedInAt(browser: Browser, baseUrl: string, username: string, password: string) {
  const p = await personAt(browser, baseUrl);
  await signIn(p.page, username, password);
  return p;
}

/**
 * Reloads `url` until `selector` is on it: the case list comes from Temporal's visibility store, which
 * catches up with a new case or stage a moment after it happens.
 */
export async function reloadUntil(
  page: Page,
  url: string,
  selector: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${url} never showed ${selector}`);
    await page.waitForTimeout(250);
  }
}

/** Submits the form of one action on the case page; waits for the page it leads to. */
export async function act(page: Page, type: string, fields: Record<string, string> = {}): Promise<void> {
  const form = page.locator(`form[data-action=${type}]`);
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name=${name}]`).fill(value);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
}

export async function upload(page: Page, kind: string, file: string): Promise<string> {
  await page.selectOption('#upload select[name=kind]', kind);
  await page.setInputFiles('#upload input[type=file]', file);
  await Promise.all([page.waitForLoadState('load'), page.click('#upload button[type=submit]')]);
  return (await page.locator('.flash').first().textContent()) ?? '';
}
