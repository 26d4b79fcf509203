import type { SignIn } from './session';
import { CliError } from './command';

/** Where and as which client the CLI signs in (app/cli.ts: OIDC_ISSUER, else the embedded provider). */
export interface IssuerTarget {
  issuer: string;
  /** The public client the password grant is asked as (`mobility-cli` at the embedded provider). */
  clientId: string;
}

const unreachable = (issuer: string, err: unknown) =>
  new CliError(
    'unavailable',
    `the identity provider ${issuer} cannot be reached (${(err as Error).message}); is the system running?`,
  );

async function tokenEndpoint(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw unreachable(issuer, err);
  }
  const doc = (await res.json().catch(() => ({}))) as { token_endpoint?: string };
  if (!res.ok || !doc.token_endpoint) {
    throw new CliError('unavailable', `${url}: no token endpoint (HTTP ${res.status})`);
  }
  return doc.token_endpoint;
}

type Grant =
  | { grant: 'password'; username: string; password: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string };

/**
 * Asks the issuer's token endpoint for an access token: the password grant for a person (as the public
 * CLI client), client credentials for a partner's system. A refusal is 6 (unauthorized), with the
 * provider's words.
 */
export async function requestToken(target: IssuerTarget, g: Grant, now = Date.now()): Promise<SignIn> {
  const endpoint = await tokenEndpoint(target.issuer);
  const form: Record<string, string> =
    g.grant === 'password'
      ? { grant_type: 'password', client_id: target.clientId, username: g.username, password: g.password }
      : { grant_type: 'client_credentials', scope: 'mobility' };
  const basic: Record<string, string> =
    g.grant === 'client_credentials'
      ? { authorization: `Basic ${Buffer.from(`${g.clientId}:${g.clientSecret}`).toString('base64')}` }
      : {};
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw unreachable(target.issuer, err);
  }
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || !body.access_token) {
    if (res.status >= 500) throw new CliError('unavailable', `the identity provider answered ${res.status}`);
    const why = body.error_description ?? body.error ?? `HTTP ${res.status}`;
    const wrong = body.error === 'invalid_grant' || body.error === 'invalid_client';
    throw new CliError(
      'unauthorized',
      `sign-in refused: ${wrong ? `wrong ${g.grant === 'password' ? 'user name or password' : 'client id or secret'} (${why})` : why}`,
    );
  }
  const ttl = typeof body.expires_in === 'number' ? body.expires_in : 300;
  return {
    user: g.grant === 'password' ? g.username : g.clientId,
    issuer: target.issuer,
    grant: g.grant,
    accessToken: body.access_token,
    obtainedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttl * 1000).toISOString(),
  };
}

/** The first line of standard input (`--password-stdin`), without its line end. */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal, echoing nothing when `secret`; refused when there is no terminal to ask on. */
export async function prompt(question: string, secret: boolean): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError(
      'invalid',
      `no terminal to ask on: ${secret ? 'pipe the password with --password-stdin' : 'name the user'}`,
    );
  }
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (secret) {
    // Echo nothing of what is typed: readline writes through this method.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stderr.write(question);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (secret) process.stderr.write('\n');
      resolve(answer);
    }),
  );
}
