import Fastify, { type FastifyInstance } from 'fastify';
import type { ConsoleDeps } from '../../web/console';
import { registerConsole } from '../../web/console';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { alwaysOpenPolicy } from '../helpers/fixtures';

/**
 * The console's gate without a provider: nothing but the sign-in page is shown, and nothing reaches a case
 * (the case client, calls and records below throw if anything asks them).
 */
let app: FastifyInstance;
let base: string;
/** A request as a browser sends it, redirects not followed (fastify's inject needs an ES module jest cannot load). */
async function send(o: { url: string; method?: string; payload?: string; headers?: Record<string, string> }) {
  const res = await fetch(base + o.url, {
    method: o.method ?? 'GET',
    body: o.payload,
    headers: o.headers,
    redirect: 'manual',
  });
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}
beforeAll(async () => {
  const untouchable = new Proxy(
    {},
    {
      get: (_t, name) => () => {
        throw new Error(`the console asked ${String(name)} without a signed-in person`);
      },
    },
  );
  app = Fastify();
  await registerConsole(app, {
    cases: untouchable,
    calls: untouchable,
    ranking: untouchable,
    records: untouchable,
    policy: alwaysOpenPolicy,
    machine: outgoingCaseMachine,
    sessionKey: new Uint8Array(32),
    maxUploadBytes: 1000,
  } as unknown as ConsoleDeps);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

test.each([
  '/',
  '/console/cases',
  '/console/cases/outgoing-x-1',
  '/console/calls',
  '/console/cases.csv',
  '/console/incoming',
  '/console/incoming/incoming-tum-2027-spring-x1',
])('GET %s sends the browser to sign in, and back here after', async (url) => {
  const res = await send({ url });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/auth/sign-in?returnTo=${encodeURIComponent(url)}`);
});

test('a form posted without a session changes nothing: 401 and the sign-in page', async () => {
  const res = await send({
    method: 'POST',
    url: '/console/cases/outgoing-x-1/act',
    payload: 'type=CANCEL&reason=because',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode).toBe(401);
  expect(res.body).toContain('Sign-in is not configured');
});

test('a forged session cookie is no session', async () => {
  const res = await send({
    url: '/',
    headers: { cookie: 'mobility_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  });
  expect(res.statusCode).toBe(303);
});

test('the sign-in page says sign-in is not configured, in the chosen language', async () => {
  const en = await send({ url: '/auth/sign-in' });
  expect(en.statusCode).toBe(200);
  expect(en.body).toContain('Sign-in is not configured');
  const chosen = await send({
    method: 'POST',
    url: '/lang',
    payload: 'lang=ru&returnTo=%2Fauth%2Fsign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(chosen.statusCode).toBe(303);
  expect(chosen.headers.location).toBe('/auth/sign-in');
  const cookie = String(chosen.headers['set-cookie']).split(';')[0]!;
  expect(cookie).toBe('mobility_lang=ru');
  const ru = await send({ url: '/auth/sign-in', headers: { cookie } });
  expect(ru.body).toContain('Вход не настроен');
});

test('a form posted from another site is refused', async () => {
  const res = await send({
    method: 'POST',
    url: '/lang',
    payload: 'lang=ru',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
      host: 'localhost',
    },
  });
  expect(res.statusCode).toBe(403);
});

test('the stylesheet and the script are served', async () => {
  const css = await send({ url: '/console/static/console.css' });
  expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  const js = await send({ url: '/console/static/console.js' });
  expect(js.statusCode).toBe(200);
});
