import { PassThrough } from 'node:stream';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import type { OpenCaseRequest } from '../../domain/case';
import { as } from '../helpers/fixtures';
import type { AuthedApi } from '../helpers/auth';
import { api, startTestSystem, systemApplicants, testConfig } from '../helpers/system';

let system: RunningSystem;
let config: Config;
let http: AuthedApi;
const lines: string[] = [];
let request: OpenCaseRequest;
let caseId: string;

/** The API's log, as JSON lines, at LOG_LEVEL=INFO: the caller below makes requests carrying personal data. */
beforeAll(async () => {
  config = { ...(await testConfig()), LOG_LEVEL: 'INFO' };
  const stream = new PassThrough();
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  system = await startTestSystem(config, { apiLogStream: stream });
  http = api(system, config);
  request = await systemApplicants(config, system)('erasmus');
  const opened = await http.post('/cases', { callId: request.callId, studentId: request.student.id }, as.di);
  expect(opened.status).toBe(201);
  caseId = (opened.body as unknown as { caseId: string }).caseId;
  // A refused body naming a person, a query naming a student and an address, a caller's own request id.
  await http.post(
    `/cases/${caseId}/actions`,
    { type: 'NOMINATE_TO_PARTNER', partnerId: 'tum', partnerName: 'Secret Partner Name', extra: 'x' },
    as.di,
  );
  await http.get(`/cases?studentId=${request.student.id}`, as.di);
  await http.get(`/inbox?to=${encodeURIComponent(request.student.email)}`, as.di);
  await http.raw('/health', { headers: { 'x-request-id': 'caller-id-42' } });
});
afterAll(async () => {
  await system?.stop();
});

const records = () => lines.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test('one line per request and per answer, both with the request id; the answer names it too', async () => {
  const byId = new Map<string, Record<string, unknown>[]>();
  for (const r of records().filter((r) => r.reqId !== undefined)) {
    byId.set(String(r.reqId), [...(byId.get(String(r.reqId)) ?? []), r]);
  }
  expect(byId.size).toBeGreaterThanOrEqual(5);
  for (const [, pair] of byId) {
    expect(pair.map((r) => r.msg)).toEqual(['incoming request', 'request completed']);
    expect(pair[0]).toMatchObject({ req: { method: expect.any(String), path: expect.any(String) } });
    expect(pair[1]).toMatchObject({ res: { statusCode: expect.any(Number) } });
  }
  expect(byId.get('caller-id-42')?.[0]).toMatchObject({ req: { method: 'GET', path: '/health' } });
  const res = await http.raw('/health');
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const refused = records().find((r) => (r.res as { statusCode?: number })?.statusCode === 400);
  expect(refused).toBeDefined();
});

test('no personal data: no names, emails, student ids from queries, bodies, tokens or client addresses', async () => {
  const log = records()
    .filter((r) => r.reqId !== undefined)
    .map((r) => JSON.stringify(r))
    .join('\n');
  expect(log).toContain(caseId);
  for (const secret of [
    request.student.fullName,
    request.student.email,
    encodeURIComponent(request.student.email),
    `studentId=${request.student.id}`,
    'Secret Partner Name',
    'Bearer',
    'authorization',
    '127.0.0.1',
    'remoteAddress',
  ]) {
    expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
  }
});
