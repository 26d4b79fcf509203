import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's few cookies, read and written here (RFC 6265): @fastify/cookie loads its parser by a
 * dynamic ESM import, which the CommonJS test runtime cannot do. Values are base64url or plain words.
 */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface CookieOptions {
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
}

/** Adds a Set-Cookie header (path `/`, SameSite=Lax); `maxAge: 0` removes the cookie. */
export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions = {}): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'SameSite=Lax',
    ...(o.maxAge !== undefined ? [`Max-Age=${Math.floor(o.maxAge)}`] : []),
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ];
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  void reply.header('set-cookie', [...list, attributes.join('; ')]);
}
