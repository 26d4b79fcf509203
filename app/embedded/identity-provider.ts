import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { AuthOptions } from '../../api/auth';
import { claimNames, type Config } from '../config';
import type { IdentityProviderOptions } from './identity-provider-server';
import {
  CONSOLE_REDIRECT_PATH,
  ensureIdentityDirectory,
  identityFile,
  type IdentityDirectory,
} from './identity-users';

export interface IdentityProvider {
  issuer: string;
  /** The seeded users and partner clients (DATA_DIR/identity/users.json), printed at `npm start`. */
  directory: IdentityDirectory;
  usersFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded OpenID provider (identity-provider-server.ts) in a child process under tsx, so the
 * same code runs from `npm start`, from the stand-alone API and from jest. Seeds the users file first.
 *
 * Clients it knows: `mobility-console` (public, authorization code + PKCE, redirect URI
 * `<API origin>/auth/callback`, scope `openid profile mobility`, resource = OIDC_AUDIENCE), `mobility-cli`
 * (public, grant_type=password), and one confidential client-credentials client per partner
 * (`partner-tum` for partner `tum`).
 */
export async function startIdentityProvider(opts: IdentityProviderOptions): Promise<IdentityProvider> {
  const directory = await ensureIdentityDirectory(opts.dataDir);
  const child = fork(join(__dirname, 'identity-provider-main.ts'), [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { issuer?: string; error?: string }) =>
      m.issuer ? resolve(m.issuer) : reject(new Error(`identity provider: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`identity provider exited with code ${code}`)));
  });
  return {
    issuer,
    directory,
    usersFile: identityFile(opts.dataDir),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Sign-in as configured: the issuer OIDC_ISSUER names, or the embedded provider started here. Returns what
 * the API verifies tokens with (api/auth.ts) and, when embedded, the provider to stop.
 */
export async function identityFromConfig(
  config: Config,
  apiOrigins: string[],
): Promise<{ auth: AuthOptions; provider?: IdentityProvider }> {
  const claims = claimNames(config);
  if (config.OIDC_ISSUER) {
    return { auth: { issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, claims } };
  }
  const provider = await startIdentityProvider({
    dataDir: config.DATA_DIR,
    host: config.IDP_HOST,
    port: config.IDP_PORT,
    audience: config.OIDC_AUDIENCE,
    claims,
    consoleRedirectUris: apiOrigins.map((o) => `${o}${CONSOLE_REDIRECT_PATH}`),
    accessTokenTtlSeconds: config.IDP_TOKEN_TTL_SECONDS,
  });
  return { auth: { issuer: provider.issuer, audience: config.OIDC_AUDIENCE, claims }, provider };
}

/** The API's origins as a browser may name them, for the console's redirect URIs. */
export function apiOrigins(config: Pick<Config, 'API_HOST' | 'API_PORT'>): string[] {
  const hosts =
    config.API_HOST === '127.0.0.1' || config.API_HOST === 'localhost'
      ? ['127.0.0.1', 'localhost']
      : [config.API_HOST];
  return hosts.map((h) => `http://${h}:${config.API_PORT}`);
}
