import { createHash, randomBytes } from 'node:crypto';
import type { PendingSignIn } from './session';

/** The console as a client of the identity provider (the embedded one, or the university's). */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client: PKCE alone proves the code is ours. */
  clientSecret?: string;
  /**
   * Where the provider may send the browser back, e.g. http://127.0.0.1:3000/auth/callback: the one on the
   * origin the browser used is chosen, so the sign-in cookie set before leaving is there on return.
   */
  redirectUris: string[];
  scope: string;
  /** The API as a resource indicator (RFC 8707), for providers that issue JWT access tokens per resource. */
  resource?: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export interface Tokens {
  access_token: string;
  id_token?: string;
  expires_in?: number;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The authorization-code flow with PKCE (RFC 7636, S256): the browser is sent to the provider with a
 * challenge, comes back with a code, and the server trades the code and the verifier for tokens.
 */
export class OidcClient {
  private discovery: Promise<Discovery> | undefined;

  constructor(readonly settings: OidcClientSettings) {}

  private discover(): Promise<Discovery> {
    const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    this.discovery ??= fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      return (await res.json()) as Discovery;
    });
    // A provider that was down at the first try is asked again next time.
    this.discovery.catch(() => (this.discovery = undefined));
    return this.discovery;
  }

  /** The registered redirect URI on `origin` (scheme, host and port the browser used), else the first. */
  redirectUriFor(origin: string): string {
    const { redirectUris } = this.settings;
    return redirectUris.find((u) => new URL(u).origin === origin) ?? redirectUris[0]!;
  }

  async authorizationUrl(returnTo: string, origin: string): Promise<{ url: string; pending: PendingSignIn }> {
    const { authorization_endpoint } = await this.discover();
    const pending: PendingSignIn = {
      redirectUri: this.redirectUriFor(origin),
      state: base64url(randomBytes(16)),
      nonce: base64url(randomBytes(16)),
      verifier: base64url(randomBytes(32)),
      returnTo,
    };
    const url = new URL(authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: pending.redirectUri,
      scope: this.settings.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: base64url(createHash('sha256').update(pending.verifier).digest()),
      code_challenge_method: 'S256',
      ...(this.settings.resource ? { resource: this.settings.resource } : {}),
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { url: url.toString(), pending };
  }

  /** Trades the code for tokens; throws with the provider's own words when it refuses. */
  async exchange(code: string, pending: PendingSignIn): Promise<Tokens> {
    const { token_endpoint } = await this.discover();
    const { clientId, clientSecret, resource } = this.settings;
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
      client_id: clientId,
      ...(resource ? { resource } : {}),
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (clientSecret) {
      const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const res = await fetch(token_endpoint, { method: 'POST', headers, body });
    const answer = (await res.json().catch(() => ({}))) as Partial<Tokens> & {
      error?: string;
      error_description?: string;
    };
    if (!res.ok || !answer.access_token) {
      throw new Error(answer.error_description ?? answer.error ?? `token endpoint answered ${res.status}`);
    }
    return answer as Tokens;
  }

  /** Where to send the browser to end the provider's session too, if the provider says. */
  async endSessionUrl(idToken: string | undefined, postLogout: string): Promise<string | null> {
    const { end_session_endpoint } = await this.discover().catch(() => ({}) as Partial<Discovery>);
    if (!end_session_endpoint) return null;
    const url = new URL(end_session_endpoint);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', postLogout);
    url.searchParams.set('client_id', this.settings.clientId);
    return url.toString();
  }
}
