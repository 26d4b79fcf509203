import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, startCodecServer, type CodecServer } from '../../app/codec';

const UI = 'http://localhost:8233';
const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2026a', keys: new Map([['k2026a', randomBytes(32)]]) });
let server: CodecServer;
beforeAll(async () => {
  server = await startCodecServer({ codec, host: '127.0.0.1', port: 0, corsOrigins: [UI] });
});
afterAll(() => server.close());

interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as { payloads: JsonPayload[]; error?: string } };
}

test('encode then decode over HTTP gives back the payloads, and the encoded ones show nothing', async () => {
  const student = { fullName: 'Aruzhan Test', email: 'aruzhan@student.kbtu.kz', gpa: 3.2 };
  const plain: JsonPayload[] = [
    { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(student)) },
    { metadata: { encoding: b64('binary/null') }, data: '' },
  ];
  const encoded = await post('/encode', { payloads: plain });
  expect(encoded.res.status).toBe(200);
  expect(encoded.body.payloads).toHaveLength(2);
  expect(unb64(encoded.body.payloads[0]!.metadata.encoding!)).toBe('binary/encrypted');
  expect(unb64(encoded.body.payloads[0]!.metadata['encryption-key-id']!)).toBe('k2026a');
  expect(unb64(encoded.body.payloads[0]!.data)).not.toContain('Aruzhan');

  const decoded = await post('/decode', { payloads: encoded.body.payloads });
  expect(decoded.res.status).toBe(200);
  expect(decoded.body.payloads).toEqual(plain);
});

test('the endpoint also answers under a prefix, as the protocol allows', async () => {
  const payload = defaultPayloadConverter.toPayload('hello');
  const [sealed] = await codec.encode([payload]);
  const json = {
    metadata: Object.fromEntries(
      Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(sealed!.data!).toString('base64'),
  };
  const { res, body } = await post('/default/decode', { payloads: [json] });
  expect(res.status).toBe(200);
  expect(unb64(body.payloads[0]!.data)).toBe('"hello"');
});

test('the Temporal UI origin passes the CORS preflight with the X-Namespace header', async () => {
  const res = await fetch(server.url + '/decode', {
    method: 'OPTIONS',
    headers: {
      origin: UI,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-namespace',
    },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(UI);
  expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  const allowedHeaders = res.headers.get('access-control-allow-headers')!.split(/,\s*/);
  expect(allowedHeaders).toEqual(expect.arrayContaining(['content-type', 'x-namespace']));

  const { res: post_ } = await post('/decode', { payloads: [] }, { origin: UI });
  expect(post_.headers.get('access-control-allow-origin')).toBe(UI);
});

test('another origin gets no CORS grant', async () => {
  const preflight = await fetch(server.url + '/decode', {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(403);
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  const { res } = await post('/decode', { payloads: [] }, { origin: 'http://evil.example' });
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
});

test('a payload of an unknown key, a malformed body and a wrong path are refused with a reason', async () => {
  const other = new AesGcmPayloadCodec({
    activeKeyId: 'k2024x',
    keys: new Map([['k2024x', randomBytes(32)]]),
  });
  const [foreign] = await other.encode([defaultPayloadConverter.toPayload('x')]);
  const json = {
    metadata: Object.fromEntries(
      Object.entries(foreign!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(foreign!.data!).toString('base64'),
  };
  const unknown = await post('/decode', { payloads: [json] });
  expect(unknown.res.status).toBe(422);
  expect(unknown.body.error).toMatch(/"k2024x"/);

  const malformed = await post('/decode', { payload: [] });
  expect(malformed.res.status).toBe(400);
  expect(malformed.body.error).toMatch(/payloads/);

  const wrong = await post('/elsewhere', { payloads: [] });
  expect(wrong.res.status).toBe(404);
});
