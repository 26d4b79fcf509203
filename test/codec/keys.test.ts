import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { z } from 'zod';
import {
  codecConfigFields,
  loadPayloadKeyring,
  payloadCodecFromConfig,
  payloadKeyFile,
} from '../../app/codec';

const b64 = (n = 32) => randomBytes(n).toString('base64');
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'codec-keys-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PAYLOAD_KEYS and PAYLOAD_KEY_ID', () => {
  test('several keys, the active one named', () => {
    const a = b64();
    const b = b64();
    const ring = loadPayloadKeyring({
      DATA_DIR: dir,
      PAYLOAD_KEYS: `k2026a:${a}, k2025b:${b}`,
      PAYLOAD_KEY_ID: 'k2026a',
    });
    expect(ring.source).toBe('PAYLOAD_KEYS');
    expect(ring.activeKeyId).toBe('k2026a');
    expect([...ring.keys.keys()]).toEqual(['k2026a', 'k2025b']);
    expect(Buffer.from(ring.keys.get('k2025b')!).toString('base64')).toBe(b);
    expect(() => statSync(payloadKeyFile(dir))).toThrow(); // no key file when the keys are configured
  });

  test.each([
    ['a key of 16 bytes', `k1:${b64(16)}`, 'k1', /PAYLOAD_KEYS: key "k1" is 16 bytes; AES-256 needs 32/],
    ['bad base64', 'k1:not*base64!', 'k1', /PAYLOAD_KEYS: key "k1" is not valid base64/],
    ['an entry without an id', b64(), 'k1', /PAYLOAD_KEYS: entry 1 is not of the form id:base64-key/],
    ['a bad key id', `k 1:${b64()}`, 'k1', /PAYLOAD_KEYS: key id "k 1" may hold only/],
    ['a key id twice', `k1:${b64()},k1:${b64()}`, 'k1', /PAYLOAD_KEYS: key id "k1" is listed twice/],
    ['no keys at all', ' , ', 'k1', /PAYLOAD_KEYS: lists no keys/],
    [
      'an active id not among the keys',
      `k1:${b64()},k2:${b64()}`,
      'k3',
      /PAYLOAD_KEY_ID: "k3" is not among the keys of PAYLOAD_KEYS \(k1, k2\)/,
    ],
    ['no active id', `k1:${b64()}`, undefined, /PAYLOAD_KEY_ID: is required with PAYLOAD_KEYS.*one of k1/],
    ['an active id without keys', undefined, 'k1', /PAYLOAD_KEY_ID: is set, but PAYLOAD_KEYS is not/],
  ])('%s is refused, naming the variable', (_what, keys, id, message) => {
    expect(() => loadPayloadKeyring({ DATA_DIR: dir, PAYLOAD_KEYS: keys, PAYLOAD_KEY_ID: id })).toThrow(
      message,
    );
  });

  test('the fields check each variable when spread into the system configuration', () => {
    const Config = z.object({ DATA_DIR: z.string(), ...codecConfigFields });
    const bad = Config.safeParse({ DATA_DIR: dir, PAYLOAD_KEYS: `k1:${b64(31)}`, CODEC_PORT: '99999' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['CODEC_PORT', 'PAYLOAD_KEYS']);
    const good = Config.parse({ DATA_DIR: dir });
    expect(good).toMatchObject({ CODEC_HOST: '127.0.0.1', CODEC_PORT: 8234 });
  });
});

describe('the embedded default: a key file under DATA_DIR', () => {
  test('is created once, owner-only, and gives the same key at the next start', async () => {
    const first = loadPayloadKeyring({ DATA_DIR: dir });
    const file = payloadKeyFile(dir);
    expect(first.source).toEqual({ file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keys.get(first.activeKeyId)).toHaveLength(32);

    const second = loadPayloadKeyring({ DATA_DIR: dir });
    expect(second.source).toEqual({ file, created: false });
    expect(second.activeKeyId).toBe(first.activeKeyId);
    expect(Buffer.from(second.keys.get(second.activeKeyId)!)).toEqual(
      Buffer.from(first.keys.get(first.activeKeyId)!),
    );

    // what one start wrote, the next start reads
    const [sealed] = await payloadCodecFromConfig({ DATA_DIR: dir }).codec.encode([
      defaultPayloadConverter.toPayload({ fullName: 'Aruzhan Test' }),
    ]);
    const [opened] = await payloadCodecFromConfig({ DATA_DIR: dir }).codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ fullName: 'Aruzhan Test' });
  });

  test('a data folder that does not exist yet is made', () => {
    const ring = loadPayloadKeyring({ DATA_DIR: join(dir, 'nested', 'data') });
    expect(ring.source).toMatchObject({ created: true });
  });

  test('can be rotated by hand: a second key, made active', () => {
    const first = loadPayloadKeyring({ DATA_DIR: dir });
    const file = payloadKeyFile(dir);
    const content = JSON.parse(readFileSync(file, 'utf8')) as {
      activeKeyId: string;
      keys: Record<string, string>;
    };
    content.keys['k2027'] = b64();
    content.activeKeyId = 'k2027';
    writeFileSync(file, JSON.stringify(content));
    const ring = loadPayloadKeyring({ DATA_DIR: dir });
    expect(ring.activeKeyId).toBe('k2027');
    expect(ring.keys.has(first.activeKeyId)).toBe(true);
  });

  test('a broken key file stops start-up, naming the file and the problem', () => {
    const file = payloadKeyFile(dir);
    writeFileSync(file, JSON.stringify({ activeKeyId: 'a', keys: { a: b64(8) } }));
    expect(() => loadPayloadKeyring({ DATA_DIR: dir })).toThrow(
      /payload-keys\.json is invalid:\n {2}keys\.a: key "a" is 8 bytes/,
    );
    writeFileSync(file, '{');
    expect(() => loadPayloadKeyring({ DATA_DIR: dir })).toThrow(/payload key file .*payload-keys\.json:/);
  });
});
