import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import type { CaseView } from '../../domain/case-view';
import { as, liveCall, studentOf } from '../helpers/fixtures';
import { consoleSignIn, passwordToken, type AuthedApi, type Response } from '../helpers/auth';
import { api, startTestSystem, systemApplicants, testConfig } from '../helpers/system';

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

const CASE = 'outgoing-live-x-t000000';
type Operations = Record<string, Record<string, { security?: unknown[] }>>;
/** Every operation the served /openapi.json documents as signed-in, with its path parameters filled in. */
const operations = async () => {
  const doc = (await http.raw('/openapi.json')).body as unknown as { paths: Operations };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.security?.length !== 0)
      .map(([method]) => ({
        method: method.toUpperCase(),
        path: path
          .replace('{caseId}', CASE)
          .replace('{callId}', 'live-x')
          .replace('{partnerId}', 'tum')
          .replace('{programme}', '6B06102')
          .replace('{semester}', '4'),
      })),
  );
};

/** A token signed with the provider's own key, with any claims: what a forger who had the key could make. */
async function signed(claims: JWTPayload, opts: { key?: 'provider' | 'other'; alg?: string } = {}) {
  const jwks = JSON.parse(await readFile(join(config.DATA_DIR, 'identity', 'jwks.json'), 'utf8')) as {
    keys: (JWK & { kid: string })[];
  };
  const jwk = jwks.keys[0]!;
  const key =
    opts.key === 'other' ? (await generateKeyPair('RS256')).privateKey : await importJWK(jwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ mobility_role: 'di_officer', preferred_username: 'forger', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
    .setIssuer((claims.iss as string) ?? system.issuer)
    .setAudience((claims.aud as string) ?? config.OIDC_AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime((claims.exp as number) ?? now + 600)
    .sign(key);
}

const withoutActor = <T extends { actor: unknown }>({ actor: _actor, ...rest }: T) => rest;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('without a valid sign-in nothing is served', () => {
  test('every documented operation without a token is a 401 with a Bearer challenge', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThanOrEqual(12);
    for (const { method, path } of ops) {
      const res = await http.raw(path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="mobility"/);
      expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('sign in') });
    }
    expect((await http.raw('/health')).status).toBe(200);
  });

  test('tampered, expired, wrong-audience, wrong-issuer and foreign-key tokens are 401, naming why', async () => {
    const real = await http.tokenFor(as.finance);
    const [h, p, sig] = real.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...payload, mobility_role: 'di_officer' })).toString(
      'base64url',
    );
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, string][] = [
      ['tampered payload', `${h}.${promoted}.${sig}`, 'not a valid signed token'],
      ['expired', await signed({ exp: now - 5 }), 'the token has expired'],
      ['wrong audience', await signed({ aud: 'urn:someone-else' }), 'claim "aud"'],
      ['wrong issuer', await signed({ iss: 'http://127.0.0.1:1/evil' }), 'claim "iss"'],
      ['signed by another key', await signed({}, { key: 'other' }), 'not a valid signed token'],
      ['unsigned', `${h}.${p}.`, 'not a valid signed token'],
      ['not a JWT', 'abc.def.ghi', 'not a valid signed token'],
    ];
    for (const [what, token, why] of cases) {
      const res = await http.raw('/cases', { headers: bearer(token) });
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(res.body.message).toContain(why);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    const basic = await http.raw('/cases', { headers: { authorization: 'Basic YWxpeWE6cHc=' } });
    expect(basic.status).toBe(401);
    expect(basic.body.message).toContain('expected "Bearer <access token>"');
    // The untouched token works.
    expect((await http.raw('/cases', { headers: bearer(real) })).status).toBe(200);
  });

  test('a wrong password gets no token; a seeded user signs in with the printed one', async () => {
    const aliya = system.identity!.directory.users.find((u) => u.username === 'aliya')!;
    await expect(passwordToken(system.issuer, 'aliya', 'not-her-password')).rejects.toThrow(
      'sign-in refused (400): grant request is invalid',
    );
    const token = await passwordToken(system.issuer, 'aliya', aliya.password);
    expect((await http.raw('/calls', { headers: bearer(token) })).status).toBe(200);
  });

  test("the console's sign-in (authorization code + PKCE, redirect to the API origin) gives a token the API takes", async () => {
    const marat = system.identity!.directory.users.find((u) => u.username === 'marat')!;
    const redirect = `${system.apiUrl.replace('localhost', '127.0.0.1')}/auth/callback`;
    const token = await consoleSignIn(system.issuer, redirect, 'marat', marat.password);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as object;
    expect(claims).toMatchObject({ mobility_role: 'dean_office', school: 'SITE', aud: config.OIDC_AUDIENCE });
    expect((await http.raw('/cases', { headers: bearer(token) })).status).toBe(200);
    await expect(consoleSignIn(system.issuer, redirect, 'marat', 'wrong-password')).rejects.toThrow();
  });
});

describe('each role within its scope; refusals name the rule (403)', () => {
  let mine: CaseView;
  let student: ReturnType<typeof studentOf>;
  beforeAll(async () => {
    const request = await systemApplicants(config, system)('erasmus');
    student = studentOf(request);
    const opened = await http.post('/cases', { callId: request.callId }, student);
    expect(opened.status).toBe(201);
    mine = opened.body as unknown as CaseView;
  });

  test('the actor is the token: a body that names one is refused, and the audit names the signed-in user', async () => {
    const res = await http.post(
      `/cases/${mine.caseId}/actions`,
      {
        type: 'SUBMIT_APPLICATION',
        actor: { id: 'someone', role: 'di_officer' },
      },
      student,
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('actor: the actor is the signed-in user');
    const history = (await http.get(`/cases/${mine.caseId}/history`)).body as unknown as { actor: object }[];
    expect(history[0]).toMatchObject({ event: 'OPEN_CASE', actor: student });
  });

  const other = { id: '99B000001', role: 'student' } as const;
  const bsDean = { id: 'dean.bs', role: 'dean_office', school: 'BS' } as const;
  const stranger = { id: 'uni-x', role: 'partner' } as const;
  const rules: [string, () => Promise<Response>, number, string][] = [
    [
      'an auditor acts',
      () => http.post(`/cases/${mine.caseId}/actions`, { type: 'CANCEL', reason: 'audit test' }, as.auditor),
      403,
      'an auditor is read-only',
    ],
    [
      'an auditor opens a call',
      () => http.post('/calls', { id: 'x-call' }, as.auditor),
      403,
      'an auditor is read-only',
    ],
    [
      'another student reads the case',
      () => http.get(`/cases/${mine.caseId}`, other),
      403,
      'a student reads only their own cases',
    ],
    [
      'another student reads its history',
      () => http.get(`/cases/${mine.caseId}/history`, other),
      403,
      'a student reads only their own cases',
    ],
    [
      'another student withdraws it',
      () =>
        http.post(`/cases/${mine.caseId}/actions`, { type: 'WITHDRAW', reason: 'not mine at all' }, other),
      403,
      'may act only on their own case',
    ],
    [
      'a student lists another student',
      () => http.get(`/cases?studentId=${student.id}`, other),
      403,
      'a student lists only their own cases',
    ],
    [
      'a student opens a case for another student',
      () => http.post('/cases', { callId: mine.callId, studentId: student.id }, other),
      403,
      'may open a case only for themself',
    ],
    [
      'a student reads a ranking',
      () => http.get(`/calls/${mine.callId}/ranking`, student),
      403,
      "a call's ranking (other students' grades) is for university staff",
    ],
    ['a student reads the inbox', () => http.get('/inbox', student), 403, 'the local inbox'],
    [
      'a student asks about another student',
      () => http.post('/eligibility', { studentId: '23B030112', callId: mine.callId }, student),
      403,
      'their own eligibility',
    ],
    [
      "another school's dean's office reads",
      () => http.get(`/cases/${mine.caseId}`, bsDean),
      403,
      "the dean's office of BS reads only its school's cases",
    ],
    [
      "another school's dean's office acts",
      () =>
        http.post(
          `/cases/${mine.caseId}/actions`,
          { type: 'RECALCULATE_CREDITS', creditsTransferred: 30 },
          bsDean,
        ),
      403,
      "the dean's office of BS acts only on its school's cases",
    ],
    [
      "a dean's office lists another school",
      () => http.get('/cases?school=SITE', bsDean),
      403,
      "lists only its school's cases",
    ],
    [
      'a partner reads a case not nominated to it',
      () => http.get(`/cases/${mine.caseId}`, stranger),
      403,
      'partner uni-x reads only the cases nominated to it',
    ],
    [
      'a partner lists cases',
      () => http.get('/cases', stranger),
      403,
      'a partner reads the cases nominated to it one by one',
    ],
    [
      'finance opens a call',
      () => http.post('/calls', { ...withoutActor(liveCall('mshe')), id: 'x-call-2' }, as.finance),
      403,
      'role finance may not open a call',
    ],
    [
      'finance opens a case',
      () => http.post('/cases', { callId: mine.callId, studentId: student.id }, as.finance),
      403,
      'role finance may not open a case',
    ],
    [
      'snss confirms eligibility',
      () => http.post(`/cases/${mine.caseId}/actions`, { type: 'SUBMIT_APPLICATION' }, as.snss),
      403,
      'role snss may not send SUBMIT_APPLICATION',
    ],
  ];
  test.each(rules)('%s is refused', async (_what, request, status, rule) => {
    const before = (await http.get(`/cases/${mine.caseId}/history`)).body;
    const res = await request();
    expect({ status: res.status, message: res.body.message }).toEqual({
      status,
      message: expect.stringContaining(rule),
    });
    expect((await http.get(`/cases/${mine.caseId}/history`)).body).toEqual(before);
  });

  test('in scope, each reads: the student their own case and list, the SITE dean, the auditor, DI', async () => {
    for (const reader of [
      student,
      as.dean,
      as.auditor,
      as.di,
      { id: 'gulnara', role: 'registrar' } as const,
    ]) {
      expect({ reader, status: (await http.get(`/cases/${mine.caseId}`, reader)).status }).toEqual({
        reader,
        status: 200,
      });
    }
    const own = (await http.get('/cases', student)).body.items as { studentId: string }[];
    expect(own.every((c) => c.studentId === student.id)).toBe(true);
  });
});
