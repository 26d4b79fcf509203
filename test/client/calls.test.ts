import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallRegistry } from '../../services/calls';
import { callsFile, createFileCallStore } from '../../stores/calls';
import { CaseError } from '../../client/errors';
import { as, liveCall, shippedPolicy } from '../helpers/fixtures';
import { refusal } from '../helpers/refusal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mobility-calls-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const registry = () =>
  createCallRegistry({
    store: createFileCallStore({ file: callsFile(dir) }),
    policy: shippedPolicy,
    now: () => new Date('2026-10-01T08:00:00Z'),
  });

describe('the file call registry', () => {
  test('keeps an opened call with who opened it and when, and lists it', async () => {
    const calls = registry();
    const opened = await calls.open(liveCall('erasmus'));
    expect(opened).toMatchObject({ track: 'erasmus', openedBy: as.di, openedAt: '2026-10-01T08:00:00.000Z' });
    expect(await registry().get(opened.id)).toEqual(opened);
    expect((await calls.list()).map((c) => c.id)).toEqual([opened.id]);
    expect(await calls.get('no-such-call')).toBeNull();
  });

  test.each([
    ['the same id twice', async () => liveCall('mshe'), 'conflict', /already open/],
    [
      'a student opening one',
      async () => ({ ...liveCall('mshe'), id: 'x-by-student', actor: as.student }),
      'forbidden',
      /di_officer/,
    ],
    [
      'an MSHE call with no region',
      async () => ({ ...liveCall('mshe'), id: 'x-no-region', region: undefined }),
      'invalid',
      /region: /,
    ],
    ['a malformed id', async () => ({ ...liveCall('mshe'), id: 'Bad Id' }), 'invalid', /^invalid call: id: /],
  ])('refuses %s, changing nothing', async (_, request, kind, message) => {
    const calls = registry();
    await calls.open(liveCall('mshe'));
    const before = await calls.list();
    const err: CaseError = await refusal(calls.open(await request()));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(await calls.list()).toEqual(before);
  });

  test('a corrupt calls file is named with the field that is wrong', async () => {
    await writeFile(callsFile(dir), JSON.stringify({ version: 1, calls: { x: { id: 'x' } } }));
    await expect(registry().list()).rejects.toThrow(
      /calls file .*calls\.json is invalid at calls\.x\.id: call id must be/,
    );
    await writeFile(callsFile(dir), '{ not json');
    await expect(registry().get('x')).rejects.toThrow(/calls file .*calls\.json is not valid JSON/);
  });
});
