import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { errors, Provider, type OidcClient, type OidcContext, type OidcToken } from 'oidc-provider';
import {
  CLI_CLIENT_ID,
  CONSOLE_CLIENT_ID,
  identityFile,
  readIdentityDirectory,
  type IdentityUser,
} from './identity-users';
import { memoryAdapter } from './identity-provider-adapter';

/** What the parent tells the provider process (see identity-provider.ts). */
export interface IdentityProviderOptions {
  dataDir: string;
  host: string;
  port: number;
  audience: string;
  /** Claim names the API reads (app/config.ts OIDC_CLAIM_*), so the provider writes the same ones. */
  claims: { role: string; actorId: string; school: string; studentId: string; partnerId: string };
  /** The console's redirect URIs: `<API origin>/auth/callback`. */
  consoleRedirectUris: string[];
  accessTokenTtlSeconds: number;
}

const SCOPE = 'mobility';

async function signingKeys(dataDir: string): Promise<{ keys: object[] }> {
  const file = join(dataDir, 'identity', 'jwks.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { keys: object[] };
  } catch {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = {
      ...privateKey.export({ format: 'jwk' }),
      kid: `local-${Date.now()}`,
      use: 'sig',
      alg: 'RS256',
    };
    const jwks = { keys: [jwk] };
    await mkdir(join(dataDir, 'identity'), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(jwks), { mode: 0o600 });
    return jwks;
  }
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, message?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>KBTU mobility: sign in</title></head>
<body><main><h1>KBTU mobility</h1><p>Sign in (embedded identity provider)</p>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input name="username" autocomplete="username" autofocus required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

/**
 * The embedded OpenID provider (oidc-provider): users and partner clients from DATA_DIR/identity/users.json,
 * read at every sign-in; JWT access tokens for one resource, the API (`audience`), carrying the role, school,
 * student id and partner id claims; authorization code + PKCE for the console, a password grant for the CLI
 * (a local provider: a university IdP would use the device flow), client credentials for partners.
 */
export async function startIdentityProviderServer(
  o: IdentityProviderOptions,
): Promise<{ issuer: string; server: Server }> {
  const issuer = `http://${o.host}:${o.port}`;
  const directory = () => readIdentityDirectory(identityFile(o.dataDir));
  const userClaims = (u: IdentityUser) => ({
    [o.claims.actorId]: u.username,
    [o.claims.role]: u.role,
    name: u.name,
    ...(u.school ? { [o.claims.school]: u.school } : {}),
    ...(u.studentId ? { [o.claims.studentId]: u.studentId } : {}),
    ...(u.partnerId ? { [o.claims.partnerId]: u.partnerId } : {}),
  });
  const resourceInfo = () => ({
    scope: SCOPE,
    audience: o.audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: o.accessTokenTtlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  });
  const clients = async (): Promise<Record<string, unknown>[]> => [
    {
      client_id: CONSOLE_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: o.consoleRedirectUris,
    },
    {
      client_id: CLI_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['password'],
      response_types: [],
      redirect_uris: [],
    },
    ...(await directory()).partners.map((p) => ({
      client_id: p.clientId,
      client_secret: p.clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      partner_id: p.partnerId,
    })),
  ];

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(async (id) => (await clients()).find((c) => c.client_id === id)),
    extraClientMetadata: { properties: ['partner_id'] },
    jwks: await signingKeys(o.dataDir),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', SCOPE],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const user = (await directory()).users.find((u) => u.username === id);
      return user && { accountId: id, claims: async () => ({ sub: id, ...userClaims(user) }) };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => o.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== o.audience) throw new errors.InvalidRequest(`unknown resource ${resource}`);
          return resourceInfo();
        },
      },
    },
    extraTokenClaims: async (_ctx: unknown, token: OidcToken) => {
      if (token.kind === 'ClientCredentials') {
        const client = token.client as OidcClient | undefined;
        const partnerId = client?.partner_id as string | undefined;
        return partnerId
          ? { [o.claims.role]: 'partner', [o.claims.partnerId]: partnerId, [o.claims.actorId]: partnerId }
          : undefined;
      }
      const user = (await directory()).users.find((u) => u.username === token.accountId);
      return user ? userClaims(user) : undefined;
    },
    // First-party clients only: a signed-in user has consented to the API's scope.
    loadExistingGrant: async (ctx: OidcContext) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile mobility');
      grant.addResourceScope(o.audience, SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: o.accessTokenTtlSeconds,
      ClientCredentials: o.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Grant: 3600,
      Interaction: 600,
      Session: 8 * 3600,
    },
    renderError: async (ctx: OidcContext, out: Record<string, string>) => {
      ctx.body = `<!doctype html><title>sign-in error</title><p>${escapeHtml(out.error_description ?? out.error ?? 'error')}</p>`;
    },
  });

  provider.registerGrantType(
    'password',
    async (ctx) => {
      const { username, password } = ctx.oidc.params as { username?: string; password?: string };
      const user = (await directory()).users.find(
        (u) => u.username === username && typeof password === 'string' && sameText(u.password, password),
      );
      if (!user) throw new errors.InvalidGrant('wrong username or password');
      const token = new provider.AccessToken({
        accountId: user.username,
        client: ctx.oidc.client,
        scope: SCOPE,
        gty: 'password',
      });
      token.resourceServer = new provider.ResourceServer(o.audience, resourceInfo());
      ctx.oidc.entity('AccessToken', token);
      const value = await token.save();
      ctx.body = {
        access_token: value,
        token_type: 'Bearer',
        expires_in: o.accessTokenTtlSeconds,
        scope: SCOPE,
      };
    },
    ['username', 'password', 'scope'],
  );

  const handle = provider.callback();
  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action?: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'POST' && action === 'login') {
      const form = await formBody(req);
      const user = (await directory()).users.find(
        (u) => u.username === form.get('username') && sameText(u.password, form.get('password') ?? ''),
      );
      if (!user) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(uid, 'Wrong username or password.'));
      }
      return provider.interactionFinished(req, res, { login: { accountId: user.username } });
    }
    if (details.prompt.name === 'consent') {
      // Consent is given by the grant loadExistingGrant makes; finishing the prompt lets it apply.
      return provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid));
  };
  const server = createServer((req, res) => {
    const m = req.url?.match(/^\/interaction\/([\w-]+)(?:\/(login))?$/);
    if (!m) return handle(req, res);
    interaction(req, res, m[1]!, m[2]).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`sign-in failed: ${(err as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return { issuer, server };
}
