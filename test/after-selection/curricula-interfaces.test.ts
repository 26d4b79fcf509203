import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiDeps } from '../../api/server';
import { curriculaOn } from '../../app/staff';
import { createSqlCurriculumStore } from '../../stores/curricula';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import { freshDatabase, type TestDatabase } from '../stores/databases';
import { startIdentityProvider, type IdentityProvider } from '../../app/embedded/identity-provider';
import type { Actor } from '../../domain/actor';
import { upsertIdentity } from '../../app/embedded/identity-users';
import { tokens } from '../helpers/auth';
import { cliRunner } from '../helpers/cli';
import { freePort } from '../helpers/system';
import { SEED } from './support';

let dir: string;
let database: TestDatabase;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'curricula-if-'));
  database = await freshDatabase('pglite');
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the curricula API', () => {
  let api: FastifyInstance;
  let idp: IdentityProvider;
  let tokenFor: (actor: Actor) => Promise<string>;
  const claims = {
    role: 'mobility_role',
    actorId: 'preferred_username',
    school: 'school',
    studentId: 'student_id',
    partnerId: 'partner_id',
  };
  const audience = 'urn:kbtu:mobility-api';
  beforeAll(async () => {
    const idpDir = join(dir, 'identity');
    idp = await startIdentityProvider({
      dataDir: idpDir,
      host: '127.0.0.1',
      port: await freePort(),
      audience,
      claims,
      consoleRedirectUris: [],
      accessTokenTtlSeconds: 600,
    });
    tokenFor = tokens({ issuer: idp.issuer, dataDir: idpDir });
    // The curricula routes use only the curricula service; the case client is not reached.
    const unused = {} as ApiDeps['cases'];
    api = await buildApi({
      auth: { issuer: idp.issuer, audience, claims },
      openCase: async () => {
        throw new Error('not used');
      },
      cases: { ...unused, maxUploadBytes: () => 1024 } as ApiDeps['cases'],
      calls: {} as ApiDeps['calls'],
      eligibility: async () => {
        throw new Error('not used');
      },
      ranking: async () => {
        throw new Error('not used');
      },
      curricula: curriculaOn({
        curricula: createSqlCurriculumStore(database.db),
        equivalences: createSqlEquivalenceStore(database.db),
      }),
    });
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });
  let base: string;
  beforeAll(async () => {
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  type Json = { message: string; details: { rows: unknown }; 0: Record<string, unknown> };
  /**
   * A real HTTP request to the listening API (light-my-request's inject does not load under jest here),
   * signed in as the payload's actor (taken out of the body: the actor is the token's), else as DI.
   */
  async function inject(o: { method?: string; url: string; payload?: unknown }) {
    const { actor: who = actor, ...payload } = (o.payload ?? {}) as { actor?: Actor };
    const authorization = `Bearer ${await tokenFor(who)}`;
    const res = await fetch(base + o.url, {
      method: o.method ?? 'GET',
      ...(o.payload
        ? {
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify(payload),
          }
        : { headers: { authorization } }),
    });
    const body: unknown = await res.json();
    return { statusCode: res.status, json: () => body as Json };
  }

  const actor: Actor = { id: 'aliya', role: 'di_officer' };

  test('a JSON catalogue imports (201); a bad one is a 400 naming line and column, and nothing changed', async () => {
    const content = await readFile(join(SEED, 'utm-catalogue.json'), 'utf8');
    const ok = await inject({
      method: 'POST',
      url: '/curricula/partners/utm/catalogue',
      payload: { actor, fileName: 'utm.json', content },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ ok: true, kind: 'catalogue', partnerId: 'utm', courses: 6 });
    const bad = content.replace('"credits": 3,', '"credits": -3,');
    const refused = await inject({
      method: 'POST',
      url: '/curricula/partners/utm/catalogue',
      payload: { actor, format: 'json', content: bad },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.rows).toEqual([
      { line: 2, column: 'credits', message: 'credits must be above 0' },
    ]);
    expect(refused.json().message).toBe(
      'nothing loaded: 1 problem(s); line 2, credits: credits must be above 0',
    );
    const read = await inject({ url: '/curricula/partners/utm/catalogue' });
    expect(read.json()[0]).toMatchObject({ code: 'SECJ2013', credits: 3 });
  });

  test('bad requests are 4xx naming the field, never 5xx', async () => {
    const noContent = await inject({ method: 'POST', url: '/curricula/kbtu', payload: { actor } });
    expect(noContent.statusCode).toBe(400);
    expect(noContent.json().message).toContain('content');
    const badPartner = await inject({ url: '/curricula/partners/No!/catalogue' });
    expect(badPartner.statusCode).toBe(400);
    expect(badPartner.json().message).toContain('partnerId');
    const badSemester = await inject({ url: '/curricula/kbtu/6B06102/x' });
    expect(badSemester.statusCode).toBe(400);
    expect(badSemester.json().message).toContain('semester');
    const forbidden = await inject({
      method: 'POST',
      url: '/curricula/kbtu',
      payload: { actor: { id: 'x', role: 'finance' }, content: 'a' },
    });
    expect(forbidden.statusCode).toBe(403);
  });
  test('the curricula CLI, signed in through the API: imports the seed files, refuses a bad file naming line and column (exit 2, nothing loaded), shows them', async () => {
    const { mobility } = await cliRunner({ MOBILITY_API_URL: base, OIDC_ISSUER: idp.issuer });
    for (const user of [
      { username: 'dean-site', role: 'dean_office' as const, school: 'SITE' },
      { username: 'di-aliya', role: 'di_officer' as const },
    ]) {
      await upsertIdentity(join(dir, 'identity'), {
        user: { ...user, name: user.username, password: 'curricula-password-1' },
      });
      const signedIn = await mobility(['login', user.username, '--password-stdin'], {
        input: 'curricula-password-1\n',
      });
      expect(signedIn).toMatchObject({ code: 0, stderr: '' });
    }
    const kbtu = await mobility([
      'curricula',
      'import-kbtu',
      join(SEED, 'kbtu-working-curriculum.csv'),
      '--user',
      'dean-site',
    ]);
    expect(kbtu).toMatchObject({ code: 0 });
    expect(kbtu.stdout).toContain('loaded 6B06102 semester 4: 6 course(s)');
    const bad = join(dir, 'bad-catalogue.csv');
    await writeFile(
      bad,
      'code,title,credits,language,level\nIN0007,Algorithms,6,English,bachelor\nIN0008,Databases,6,English,phd\n',
    );
    const refused = await mobility(['curricula', 'import-catalogue', 'tum', bad, '--user', 'di-aliya']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:3: level: Invalid option: expected one of "bachelor"|"master"`);
    expect(refused.stderr).toContain('nothing loaded: 1 problem(s)');
    const tum = await mobility([
      'curricula',
      'import-catalogue',
      'tum',
      join(SEED, 'tum-catalogue.csv'),
      '--user',
      'di-aliya',
    ]);
    expect(tum.stdout).toContain('loaded 7 course(s) into the catalogue of tum');
    const shown = await mobility(['curricula', 'show', '6B06102', '4', '--json', '--user', 'di-aliya']);
    expect(JSON.parse(shown.stdout)).toHaveLength(6);
  }, 120_000);
});
