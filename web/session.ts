import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Cookies the console keeps in the browser, sealed with AES-256-GCM under the server's key (a fresh IV
 * each time; the cookie's name is authenticated with it): the browser can neither read nor change them,
 * a cookie sealed under another key or for another name does not open.
 */
export class CookieSeal {
  constructor(private readonly key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error('the console session key must be 32 bytes');
  }

  seal(value: unknown, ttlSeconds: number, name = ''): Promise<string> {
    const body = JSON.stringify({ v: value, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(name));
    const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
    return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url'));
  }

  /** The sealed value, or null when the cookie is missing, forged, sealed under another key or expired. */
  open<T>(cookie: string | undefined, name = ''): Promise<T | null> {
    if (!cookie) return Promise.resolve(null);
    try {
      const bytes = Buffer.from(cookie, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12)).setAAD(
        Buffer.from(name),
      );
      decipher.setAuthTag(bytes.subarray(12, 28));
      const body = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      const { v, exp } = JSON.parse(body) as { v: T; exp: number };
      return Promise.resolve(exp > Date.now() / 1000 ? v : null);
    } catch {
      return Promise.resolve(null);
    }
  }
}

/** The session: the access token as the provider issued it; who it stands for is verified on every request. */
export interface Session {
  accessToken: string;
  idToken?: string;
}

/** A sign-in under way: what the callback must match (state, nonce) and prove (the PKCE verifier). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}
