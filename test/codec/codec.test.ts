import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCODING_ENCRYPTED,
  METADATA_COMPRESSION,
  METADATA_KEY_ID,
  PayloadIntegrityError,
  UnknownPayloadKeyError,
} from '../../app/codec';

const k2025b = randomBytes(32);
const k2026a = randomBytes(32);
const student = { fullName: 'Aruzhan Test', email: 'aruzhan@student.kbtu.kz', gpa: 3.2 };

const utf8 = (b: Uint8Array | undefined | null) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);

test('a payload round-trips, and what is stored shows only the encoding and the key id', async () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', k2026a]]) });
  const plain = [toPayload(student), toPayload(null), toPayload(new Uint8Array([1, 2, 3]))];
  const encoded = await codec.encode(plain);

  expect(encoded).toHaveLength(3);
  for (const p of encoded) {
    expect(Object.keys(p.metadata ?? {}).sort()).toEqual(['encoding', METADATA_KEY_ID].sort());
    expect(utf8(p.metadata?.encoding)).toBe(ENCODING_ENCRYPTED);
    expect(utf8(p.metadata?.[METADATA_KEY_ID])).toBe('k2026a');
  }
  const stored = Buffer.concat(encoded.map((p) => p.data!)).toString('latin1');
  for (const secret of ['Aruzhan', 'aruzhan@student.kbtu.kz', '3.2', 'json/plain']) {
    expect(stored).not.toContain(secret);
  }

  const decoded = await codec.decode(encoded);
  expect(fromPayload(decoded[0]!)).toEqual(student);
  expect(fromPayload(decoded[1]!)).toBeNull();
  expect(fromPayload(decoded[2]!)).toEqual(new Uint8Array([1, 2, 3]));
  expect(utf8(decoded[0]!.metadata?.encoding)).toBe('json/plain');
});

test('the same value encrypts differently each time (a fresh IV per payload)', async () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', k2026a]]) });
  const [a, b] = await codec.encode([toPayload(student), toPayload(student)]);
  expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
});

test('after rotation new payloads use the new key and payloads of the old key still decode', async () => {
  const before = new AesGcmPayloadCodec({ activeKeyId: 'k2025b', keys: new Map([['k2025b', k2025b]]) });
  const [old] = await before.encode([toPayload(student)]);

  const after = new AesGcmPayloadCodec({
    activeKeyId: 'k2026a',
    keys: new Map([
      ['k2026a', k2026a],
      ['k2025b', k2025b],
    ]),
  });
  const [fresh] = await after.encode([toPayload({ ...student, gpa: 3.4 })]);
  expect(utf8(fresh!.metadata?.[METADATA_KEY_ID])).toBe('k2026a');

  const [oldDecoded, freshDecoded] = await after.decode([old!, fresh!]);
  expect(fromPayload(oldDecoded!)).toEqual(student);
  expect(fromPayload(freshDecoded!)).toEqual({ ...student, gpa: 3.4 });
});

test('a payload of a key the codec does not have fails with an error naming that key', async () => {
  const before = new AesGcmPayloadCodec({ activeKeyId: 'k2025b', keys: new Map([['k2025b', k2025b]]) });
  const [old] = await before.encode([toPayload(student)]);
  const after = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', k2026a]]) });

  const failure = after.decode([old!]);
  await expect(failure).rejects.toBeInstanceOf(UnknownPayloadKeyError);
  await expect(failure).rejects.toThrow(/"k2025b".*not configured.*k2026a/);
});

describe('a tampered payload fails to decode', () => {
  const codec = new AesGcmPayloadCodec({
    activeKeyId: 'k2026a',
    keys: new Map([
      ['k2026a', k2026a],
      ['k2025b', k2025b],
    ]),
  });
  const sealed = async () => (await codec.encode([toPayload(student)]))[0]!;

  test.each([
    ['a flipped ciphertext byte', (_d: Buffer) => 20],
    ['a flipped IV byte', (_d: Buffer) => 0],
    ['a flipped tag byte', (d: Buffer) => d.length - 1],
  ])('%s', async (_what, at) => {
    const p = await sealed();
    const data = Buffer.from(p.data!);
    const i = at(data);
    data.writeUInt8(data.readUInt8(i) ^ 0x01, i);
    await expect(codec.decode([{ ...p, data }])).rejects.toThrow(PayloadIntegrityError);
  });

  test('relabelled with another known key id', async () => {
    const p = await sealed();
    const relabelled = { ...p, metadata: { ...p.metadata, [METADATA_KEY_ID]: Buffer.from('k2025b') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/"k2025b".*authentication failed/);
  });

  test('cut short', async () => {
    const p = await sealed();
    await expect(codec.decode([{ ...p, data: p.data!.subarray(0, 20) }])).rejects.toThrow(
      PayloadIntegrityError,
    );
  });

  test('without a key id', async () => {
    const p = await sealed();
    const rest = { ...p.metadata };
    delete rest[METADATA_KEY_ID];
    await expect(codec.decode([{ ...p, metadata: rest }])).rejects.toThrow(/no "encryption-key-id"/);
  });
});

test('payloads written before encryption was turned on decode unchanged', async () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', k2026a]]) });
  const plain = toPayload(student);
  const [decoded] = await codec.decode([plain]);
  expect(decoded).toBe(plain);
});

test('a keyring with a key of the wrong length or without its active key is refused', () => {
  expect(() => new AesGcmPayloadCodec({ activeKeyId: 'k', keys: new Map([['k', randomBytes(16)]]) })).toThrow(
    /"k" is 16 bytes; AES-256 needs 32/,
  );
  expect(() => new AesGcmPayloadCodec({ activeKeyId: 'k2027', keys: new Map([['k2026a', k2026a]]) })).toThrow(
    /"k2027" is not among the keys/,
  );
});

describe('a large payload is deflated before it is sealed', () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', k2026a]]) });
  const LIMIT = 2 * 1024 * 1024;
  // A call's applicant table as it is carried over continue-as-new: many rows of the same shape.
  const table = Object.fromEntries(
    Array.from({ length: 20_000 }, (_, i) => [
      `outgoing-mshe-2027-${i}`,
      { ...student, studentId: `23B${String(i).padStart(6, '0')}`, preferences: ['europe', 'asia'], rank: i },
    ]),
  );

  test("over Temporal's 2 MB payload limit as JSON, under it sealed; it round-trips and says so", async () => {
    const plain = toPayload(table);
    expect(plain.data!.length).toBeGreaterThan(LIMIT);
    const [sealed] = await codec.encode([plain]);
    expect(utf8(sealed!.metadata?.[METADATA_COMPRESSION])).toBe('deflate-raw');
    expect(sealed!.data!.length).toBeLessThan(LIMIT);
    expect(fromPayload((await codec.decode([sealed!]))[0]!)).toEqual(table);
  });

  test('a small payload is sealed as it is', async () => {
    const [sealed] = await codec.encode([toPayload(student)]);
    expect(sealed!.metadata?.[METADATA_COMPRESSION]).toBeUndefined();
  });

  test('stripping, adding or changing the compression mark fails to decode', async () => {
    const [big] = await codec.encode([toPayload(table)]);
    const [small] = await codec.encode([toPayload(student)]);
    const stripped = { ...big!, metadata: { ...big!.metadata } };
    delete stripped.metadata[METADATA_COMPRESSION];
    const added = {
      ...small!,
      metadata: { ...small!.metadata, [METADATA_COMPRESSION]: Buffer.from('deflate-raw') },
    };
    const changed = { ...big!, metadata: { ...big!.metadata, [METADATA_COMPRESSION]: Buffer.from('gzip') } };
    for (const payload of [stripped, added, changed])
      await expect(codec.decode([payload])).rejects.toThrow(PayloadIntegrityError);
  });
});
