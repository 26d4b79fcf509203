import { createHash } from 'node:crypto';
import type { RunningSystem } from '../../app/system';
import { apiClient } from '../../cli/http';
import type { Config } from '../../app/config';
import type { Actor } from '../../domain/actor';
import type { AuthedApi } from '../helpers/auth';
import { as } from '../helpers/fixtures';
import { api, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { nomination } from '../incoming/support';

/**
 * The case lists a page at a time, against the real system: more cases than a page, every page walked by
 * its `next`, each case exactly once, the filters and the caller's scope held on every page; a cursor that
 * is not this list's, and a page size out of range, refused naming the field.
 */
let system: RunningSystem;
let config: Config;
let http: AuthedApi;
beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
});
afterAll(async () => {
  await system?.stop();
});

type Summary = { caseId: string; school: string | null; callId?: string | null; openedAt: string };

/** The pages of `path`, each no longer than `limit`, and every item of them in the order they came. */
async function walk(path: string, actor: Actor, limit: number) {
  const pages = await http.pages<Summary>(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}`, actor);
  for (const p of pages) expect(p.items.length).toBeLessThanOrEqual(limit);
  return { pages, items: pages.flatMap((p) => p.items) };
}

const ids = (items: Summary[]) => items.map((i) => i.caseId);
const sorted = (list: string[]) => [...list].sort();
/** Open cases come newest first: the order is the same on every walk. */
const newestFirst = (items: Summary[]) =>
  expect(items.map((i) => i.openedAt)).toEqual([...items.map((i) => i.openedAt)].sort().reverse());

const refusal = async (path: string, actor: Actor) => {
  const res = await http.get(path, actor);
  return { status: res.status, paths: (res.body.details as { issues?: { path: string }[] })?.issues };
};

describe('GET /cases', () => {
  const SITE_DEAN: Actor = { id: 'dean.site', role: 'dean_office', school: 'SITE' };
  const BS_DEAN: Actor = { id: 'dean.bs', role: 'dean_office', school: 'BS' };
  const site: string[] = [];
  const bs: string[] = [];
  let callId: string;

  beforeAll(async () => {
    const applicant = systemApplicants(config, system);
    for (const school of ['SITE', 'SITE', 'BS', 'SITE', 'BS', 'SITE', 'SITE']) {
      const request = await applicant('erasmus', { record: { school } });
      callId = request.callId;
      const opened = await http.post('/cases', { callId, studentId: request.student.id }, as.di);
      expect(opened.status).toBe(201);
      (school === 'SITE' ? site : bs).push(String(opened.body.caseId));
    }
    await waitFor('every case in visibility', async () => {
      const res = await http.get(`/cases?callId=${callId}&limit=200`, as.di);
      return (res.body.items as unknown[]).length === 7 ? true : undefined;
    });
  });

  test('DI walks the call two at a time: every case once, newest first, each of the call', async () => {
    const { pages, items } = await walk(`/cases?callId=${callId}`, as.di, 2);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.at(-1)!.next).toBeNull();
    expect(sorted(ids(items))).toEqual(sorted([...site, ...bs]));
    expect(items.every((i) => i.callId === callId)).toBe(true);
    newestFirst(items);
    // The same walk again: the same order.
    expect(ids((await walk(`/cases?callId=${callId}`, as.di, 3)).items)).toEqual(ids(items));
  });

  test('the CLI reads every page, or stops at its --limit and says there is more', async () => {
    const cli = apiClient(system.apiUrl, await http.tokenFor(as.di));
    const all = await cli.getPages<Summary>('/cases', { callId }, Infinity, 2);
    expect({ more: all.more, ids: sorted(ids(all.items)) }).toEqual({
      more: false,
      ids: sorted([...site, ...bs]),
    });
    const some = await cli.getPages<Summary>('/cases', { callId }, 3, 2);
    expect({ more: some.more, ids: ids(some.items) }).toEqual({
      more: true,
      ids: ids(all.items).slice(0, 3),
    });
  });

  test("a dean's office walks only its school's cases, on every page", async () => {
    const siteWalk = await walk('/cases', SITE_DEAN, 2);
    expect(sorted(ids(siteWalk.items))).toEqual(sorted(site));
    expect(siteWalk.items.every((i) => i.school === 'SITE')).toBe(true);
    const bsWalk = await walk('/cases', BS_DEAN, 1);
    expect(bsWalk.pages.length).toBeGreaterThanOrEqual(2);
    expect(sorted(ids(bsWalk.items))).toEqual(sorted(bs));
  });

  test('a cursor is refused with other filters or in another scope, and when edited or made up', async () => {
    const first = await http.get('/cases?limit=2', SITE_DEAN);
    const next = String(first.body.next);
    const refused = { status: 400, paths: [{ path: 'cursor', message: expect.any(String) }] };
    // The SITE dean's cursor given to the BS dean: its scope is another list.
    expect(await refusal(`/cases?limit=2&cursor=${next}`, BS_DEAN)).toEqual(refused);
    expect(await refusal(`/cases?limit=2&track=mshe&cursor=${next}`, SITE_DEAN)).toEqual(refused);
    const [token, sum] = next.split('.');
    const flipped = `${token!.slice(0, -2)}${token!.at(-2) === 'A' ? 'B' : 'A'}${token!.at(-1)}.${sum}`;
    for (const bad of [flipped, 'garbage', `${token}.`, `${next}.x`, '%00', 'a'.repeat(5000)]) {
      expect({ bad, ...(await refusal(`/cases?cursor=${encodeURIComponent(bad)}`, SITE_DEAN)) }).toEqual({
        bad,
        status: 400,
        paths: [{ path: 'cursor', message: expect.any(String) }],
      });
    }
    // Forged with a recomputed check (the scheme is no secret): the server cannot read it, still a 400.
    const forged = Buffer.from('{"CloseTime":"x"}');
    const check = createHash('sha256').update('["outgoing",{}]').update('\0').update(forged).digest();
    const cursor = `${forged.toString('base64url')}.${check.subarray(0, 16).toString('base64url')}`;
    expect(await refusal(`/cases?cursor=${cursor}`, as.di)).toEqual(refused);
    // The page size may change between pages: the cursor is a position, not a page number.
    expect((await http.get(`/cases?limit=5&cursor=${next}`, SITE_DEAN)).status).toBe(200);
  });

  test.each(['0', '201', 'ten', '2.5', '-1'])('limit=%s is refused naming limit', async (limit) => {
    expect(await refusal(`/cases?limit=${limit}`, as.di)).toEqual({
      status: 400,
      paths: [{ path: 'limit', message: expect.any(String) }],
    });
  });
});

describe('GET /incoming/cases', () => {
  const SITE_DEAN: Actor = { id: 'dean.site', role: 'dean_office', school: 'SITE' };
  const mine: Record<string, string[]> = { tum: [], knu: [] };
  const visa: string[] = [];

  beforeAll(async () => {
    const plan = [
      ['tum', 'DE'],
      ['tum', 'KG'],
      ['knu', 'DE'],
      ['tum', 'DE'],
      ['tum', 'UZ'],
      ['knu', 'KG'],
    ] as const;
    for (const [partnerId, citizenship] of plan) {
      const { semester, school, student } = nomination({ partnerId, citizenship });
      const made = await http.post(
        '/incoming/nominations',
        { semester, school, student },
        { id: partnerId, role: 'partner' },
      );
      expect(made.status).toBe(201);
      mine[partnerId]!.push(String(made.body.caseId));
      if ((made.body.visa as { required: boolean }).required) visa.push(String(made.body.caseId));
    }
    await waitFor('every nomination in visibility', async () => {
      const res = await http.get('/incoming/cases?limit=200', as.di);
      return (res.body.items as unknown[]).length === plan.length ? true : undefined;
    });
  });

  test("a partner walks its own nominees only, each once; DI every page of a filter's cases", async () => {
    const tum = await walk('/incoming/cases', { id: 'tum', role: 'partner' }, 2);
    expect(tum.pages.length).toBeGreaterThanOrEqual(2);
    expect(sorted(ids(tum.items))).toEqual(sorted(mine.tum!));
    newestFirst(tum.items);
    const needVisa = await walk('/incoming/cases?visaRequired=true', as.di, 1);
    expect(sorted(ids(needVisa.items))).toEqual(sorted(visa));
    const all = await walk('/incoming/cases', SITE_DEAN, 4);
    expect(sorted(ids(all.items))).toEqual(sorted([...mine.tum!, ...mine.knu!]));
  });

  test("a partner's cursor does not read another partner's list; bad paging is refused by field", async () => {
    const first = await http.get('/incoming/cases?limit=1', { id: 'tum', role: 'partner' });
    const next = String(first.body.next);
    expect(await refusal(`/incoming/cases?limit=1&cursor=${next}`, { id: 'knu', role: 'partner' })).toEqual({
      status: 400,
      paths: [{ path: 'cursor', message: expect.any(String) }],
    });
    // An outgoing list's cursor is no incoming list's.
    const outgoing = String((await http.get('/cases?limit=1', as.di)).body.next);
    expect((await refusal(`/incoming/cases?limit=1&cursor=${outgoing}`, as.di)).paths).toEqual([
      { path: 'cursor', message: expect.any(String) },
    ]);
    expect(await refusal('/incoming/cases?limit=500', as.di)).toEqual({
      status: 400,
      paths: [{ path: 'limit', message: expect.any(String) }],
    });
  });
});
