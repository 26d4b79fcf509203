import { createHash, randomBytes } from 'node:crypto';
import { freePort } from './ports';
import { startIdentityProvider } from '../../app/embedded/identity-provider';
import type { Actor } from '../../domain/actor';
import type { OpenCaseRequest } from '../../domain/case';
import { CLI_CLIENT_ID, CONSOLE_CLIENT_ID, upsertIdentity } from '../../app/embedded/identity-users';
import { as } from './fixtures';

/** Where a test signs in: the running system's issuer and the data folder its provider reads users from. */
export interface SignInTarget {
  issuer: string;
  dataDir: string;
}

async function tokenEndpoint(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  return ((await res.json()) as { token_endpoint: string }).token_endpoint;
}

async function grant(issuer: string, form: Record<string, string>, basic?: string): Promise<string> {
  const res = await fetch(await tokenEndpoint(issuer), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`sign-in refused (${res.status}): ${body.error_description}`);
  return body.access_token;
}

/** A seeded (or any) user's access token, by the CLI's password grant at the embedded provider. */
export function passwordToken(issuer: string, username: string, password: string): Promise<string> {
  return grant(issuer, { grant_type: 'password', client_id: CLI_CLIENT_ID, username, password });
}

/** A partner system's token, by client credentials. */
export function clientCredentialsToken(issuer: string, clientId: string, secret: string): Promise<string> {
  return grant(issuer, { grant_type: 'client_credentials', scope: 'mobility' }, `${clientId}:${secret}`);
}

const PASSWORD = 'test-password-1';

/**
 * Signs in as any actor the tests name: the actor becomes a user (a partner: a client) of the embedded
 * provider, which then issues its token the ordinary way. A dean's office is SITE's unless it names a
 * school. Tokens are kept per actor.
 */
export function tokens(target: SignInTarget) {
  const cache = new Map<string, Promise<string>>();
  // One write of the users file at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => undefined);
    return next;
  };
  const mint = async (actor: Actor): Promise<string> => {
    if (actor.role === 'partner') {
      const clientId = `partner-${actor.id}`;
      const secret = `${PASSWORD}-${actor.id}-secret`;
      await serial(() =>
        upsertIdentity(target.dataDir, { partner: { clientId, clientSecret: secret, partnerId: actor.id } }),
      );
      return clientCredentialsToken(target.issuer, clientId, secret);
    }
    // Staff act as their username; a student as the student id in their token.
    const name = actor.role === 'student' ? `student-${actor.id}` : actor.id;
    const username = name
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, '-')
      .padEnd(2, '-')
      .slice(0, 64);
    const school = actor.role === 'dean_office' ? (actor.school ?? 'SITE') : undefined;
    const user = {
      username,
      password: PASSWORD,
      name: `${actor.role} ${actor.id}`,
      role: actor.role,
      ...(school ? { school } : {}),
      ...(actor.role === 'student' ? { studentId: actor.id } : {}),
    };
    await serial(() => upsertIdentity(target.dataDir, { user }));
    return passwordToken(target.issuer, username, PASSWORD);
  };
  return (actor: Actor): Promise<string> => {
    const key = `${actor.role}:${actor.id}:${actor.school ?? ''}`;
    let token = cache.get(key);
    if (!token) {
      token = mint(actor);
      cache.set(key, token);
    }
    return token;
  };
}

export type Response = { status: number; headers: Headers; body: Record<string, unknown> & unknown[] };

async function answer(res: globalThis.Response): Promise<Response> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as Response['body'] };
}

/**
 * A JSON client for the staff API that signs in as the acting person. A body's `actor` (as the tests
 * write events) says who sends it: it is taken out of the body and becomes the token. Reads are by a DI
 * officer unless told otherwise.
 */
export function authedApi(baseUrl: string, target: SignInTarget) {
  const tokenFor = tokens(target);
  const headers = async (actor: Actor | null, extra: Record<string, string> = {}) => ({
    ...extra,
    ...(actor ? { authorization: `Bearer ${await tokenFor(actor)}` } : {}),
  });
  const split = (body: unknown, actor?: Actor | null): [Actor | null, unknown] => {
    if (actor !== undefined) return [actor, body];
    if (body && typeof body === 'object' && 'actor' in body) {
      const { actor: named, ...rest } = body as { actor: Actor };
      return [named, rest];
    }
    return [as.di, body];
  };
  const call = async (method: string, path: string, body?: unknown, actor?: Actor | null) => {
    const [who, payload] = split(body, actor);
    const res = await fetch(baseUrl + path, {
      method,
      headers: await headers(who, payload === undefined ? {} : { 'content-type': 'application/json' }),
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return answer(res);
  };
  return {
    tokenFor,
    get: (path: string, actor: Actor | null = as.di) => call('GET', path, undefined, actor),
    /** Every page of a list: GET `path`, then each page's `next` as the cursor, as the pages came. */
    async pages<T = Record<string, unknown>>(path: string, actor: Actor | null = as.di) {
      const pages: { items: T[]; next: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const at: string = cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}` : path;
        const res = await call('GET', at, undefined, actor);
        if (res.status !== 200) throw new Error(`GET ${at}: ${res.status} ${JSON.stringify(res.body)}`);
        const page = res.body as unknown as { items: T[]; next: string | null };
        pages.push(page);
        cursor = page.next;
      } while (cursor);
      return pages;
    },
    /** POSTs `body`; the actor is `actor`, else the body's `actor` (taken out), else a DI officer. */
    post: (path: string, body: unknown, actor?: Actor | null) => call('POST', path, body, actor),
    /** A multipart upload, as a browser form sends it, by `actor`. */
    upload: async (
      path: string,
      fields: Record<string, string>,
      bytes: Uint8Array,
      fileName: string,
      actor: Actor | null,
    ) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([bytes]), fileName);
      return answer(
        await fetch(baseUrl + path, { method: 'POST', headers: await headers(actor), body: form }),
      );
    },
    /** Any request with any headers, for the tests of sign-in itself. */
    raw: async (path: string, init: RequestInit = {}) => answer(await fetch(baseUrl + path, init)),
  };
}
export type AuthedApi = ReturnType<typeof authedApi>;

/** What a signed-in caller sends to open the case `request` describes: the student comes from the records. */
export function openBody(request: OpenCaseRequest) {
  return {
    callId: request.callId,
    studentId: request.student.id,
    track: request.track,
    semester: request.semester,
    channel: request.channel,
  };
}

/**
 * The console's sign-in as a browser goes through it: authorization code with PKCE at the embedded
 * provider, the login form posted, redirects followed with the provider's cookies, the code exchanged.
 */
export async function consoleSignIn(
  issuer: string,
  redirectUri: string,
  username: string,
  password: string,
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: CONSOLE_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile mobility',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'test-state',
  }).toString();
  let res = await go(auth.href);
  let location = res.headers.get('location');
  const interaction = new URL(location!, issuer).href;
  await go(interaction);
  res = await go(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  for (let hops = 0; hops < 10; hops++) {
    location = res.headers.get('location');
    if (!location) throw new Error(`console sign-in stopped at ${res.status}: ${await res.text()}`);
    const next = new URL(location, issuer);
    if (next.href.startsWith(redirectUri)) {
      const code = next.searchParams.get('code');
      if (!code) throw new Error(`console sign-in refused: ${next.search}`);
      const token = await fetch(await tokenEndpoint(issuer), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: CONSOLE_CLIENT_ID,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      });
      const body = (await token.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`code exchange refused: ${body.error_description}`);
      return body.access_token;
    }
    res = await go(next.href);
  }
  throw new Error('console sign-in: too many redirects');
}

/**
 * An embedded identity provider of its own, for tests that build the API alone (buildApi with stub
 * services): what `auth` to give the API, and tokens for any actor.
 */
export async function startTestIdentity(dataDir: string) {
  const claims = {
    role: 'mobility_role',
    actorId: 'preferred_username',
    school: 'school',
    studentId: 'student_id',
    partnerId: 'partner_id',
  };
  const audience = 'urn:kbtu:mobility-api';
  const idp = await startIdentityProvider({
    dataDir,
    host: '127.0.0.1',
    port: await freePort(),
    audience,
    claims,
    consoleRedirectUris: [],
    accessTokenTtlSeconds: 600,
  });
  const tokenFor = tokens({ issuer: idp.issuer, dataDir });
  return {
    auth: { issuer: idp.issuer, audience, claims },
    tokenFor,
    bearer: async (actor: Actor = as.di) => ({ authorization: `Bearer ${await tokenFor(actor)}` }),
    stop: () => idp.stop(),
  };
}
