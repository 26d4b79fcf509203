import { createHash } from 'node:crypto';
import type { RunningSystem } from '../../app/system';
import { apiClient } from '../../cli/http';
import type { Config } from '../../app/config';
import type { AuthedApi } from '../helpers/auth';
import { as, liveCall } from '../helpers/fixtures';
import { api, startTestSystem, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';

/**
 * The calls list a page at a time, against the real system: more calls than a page, every page walked by
 * its `next`, each call exactly once and in the same order on every walk; the CLI's page reader; a cursor
 * that is not this list's, and a page size out of range, refused naming the field.
 */
let system: RunningSystem;
let config: Config;
let http: AuthedApi;
const opened: string[] = [];
beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
  const now = Date.now();
  for (let i = 0; i < 5; i++) {
    const res = await http.post('/calls', { ...liveCall('erasmus', now), id: `erasmus-page-${i}-${now}` });
    expect(res.status).toBe(201);
    opened.push(`erasmus-page-${i}-${now}`);
  }
  await waitFor('every call in visibility', async () => {
    const res = await http.get('/calls?limit=200', as.di);
    const ids = (res.body.items as CallItem[]).map((c) => c.call.id);
    return opened.every((id) => ids.includes(id)) ? true : undefined;
  });
});
afterAll(async () => {
  await system?.stop();
});

type CallItem = { call: { id: string }; state: string };
const ids = (items: CallItem[]) => items.map((c) => c.call.id);
const sorted = (list: string[]) => [...list].sort();

const refusal = async (path: string) => {
  const res = await http.get(path, as.di);
  return { status: res.status, paths: (res.body.details as { issues?: { path: string }[] })?.issues };
};

test('a student walks the calls two at a time: every call once, in the order of one big page', async () => {
  // Every call, in one page: what the walk must give back, in this order.
  const all = ids((await http.get('/calls?limit=200', as.student)).body.items as CallItem[]);
  expect(all.length).toBeGreaterThan(2);
  expect(all).toEqual(expect.arrayContaining(opened));
  const pages = await http.pages<CallItem>('/calls?limit=2', as.student);
  for (const p of pages) expect(p.items.length).toBeLessThanOrEqual(2);
  expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
  expect(pages.at(-1)!.next).toBeNull();
  const walked = ids(pages.flatMap((p) => p.items));
  expect(walked).toEqual(all);
  expect(new Set(walked).size).toBe(walked.length);
  // Newest first: the last call opened comes before the first.
  expect(walked.indexOf(opened.at(-1)!)).toBeLessThan(walked.indexOf(opened[0]!));
});

test('the CLI reads every page, or stops at its --limit and says there is more', async () => {
  const cli = apiClient(system.apiUrl, await http.tokenFor(as.di));
  const all = await cli.getPages<CallItem>('/calls', {}, Infinity, 2);
  expect(all.more).toBe(false);
  expect(sorted(ids(all.items))).toEqual(
    sorted(ids((await http.get('/calls?limit=200')).body.items as CallItem[])),
  );
  const some = await cli.getPages<CallItem>('/calls', {}, 3, 2);
  expect({ more: some.more, ids: ids(some.items) }).toEqual({ more: true, ids: ids(all.items).slice(0, 3) });
});

test('a cursor edited, made up, or of another list is refused naming cursor', async () => {
  const next = String((await http.get('/calls?limit=2')).body.next);
  const [token, sum] = next.split('.');
  const flipped = `${token!.slice(0, -2)}${token!.at(-2) === 'A' ? 'B' : 'A'}${token!.at(-1)}.${sum}`;
  // The same position as a case list's cursor (its check over that list) is no calls list's cursor; and a
  // token the server cannot read, under a recomputed check (the scheme is no secret), is refused too.
  const ofList = (listing: string, bytes: Buffer) =>
    `${bytes.toString('base64url')}.${createHash('sha256').update(listing).update('\0').update(bytes).digest().subarray(0, 16).toString('base64url')}`;
  const casesCursor = ofList('["outgoing",{}]', Buffer.from(token!, 'base64url'));
  const forged = ofList('["calls",{}]', Buffer.from('{"CloseTime":"x"}'));
  for (const bad of [flipped, 'garbage', `${token}.`, `${next}.x`, casesCursor, forged, 'a'.repeat(5000)]) {
    expect({ bad, ...(await refusal(`/calls?cursor=${encodeURIComponent(bad)}`)) }).toEqual({
      bad,
      status: 400,
      paths: [{ path: 'cursor', message: expect.any(String) }],
    });
  }
  // The page size may change between pages: the cursor is a position, not a page number.
  expect((await http.get(`/calls?limit=5&cursor=${next}`)).status).toBe(200);
});

test.each(['0', '201', 'ten', '2.5', '-1'])('limit=%s is refused naming limit', async (limit) => {
  expect(await refusal(`/calls?limit=${limit}`)).toEqual({
    status: 400,
    paths: [{ path: 'limit', message: expect.any(String) }],
  });
});

test('an unknown query field is refused naming it, not ignored', async () => {
  expect(await refusal('/calls?track=erasmus')).toEqual({
    status: 400,
    paths: [{ path: 'track', message: expect.any(String) }],
  });
});
