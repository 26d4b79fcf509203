import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { CaseError } from '../client/errors';
import { Actor, StaffRole } from '../domain/actor';

/** Which claim of a verified access token holds each part of the actor (app/config.ts OIDC_CLAIM_*). */
export interface ClaimNames {
  role: string;
  actorId: string;
  school: string;
  studentId: string;
  partnerId: string;
}

export interface AuthOptions {
  /** The identity provider's issuer URL: its discovery document names the JWKS. */
  issuer: string;
  /** The `aud` the API's tokens must carry (OIDC_AUDIENCE). */
  audience: string;
  claims: ClaimNames;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, from the verified access token; set by `authenticate`. */
    actor?: Actor;
  }
}

/** A claim by name or dotted path (`realm_access.roles`); an array yields its first element `accept`s. */
function claim(claims: JWTPayload, path: string, accept: (v: string) => boolean = () => true) {
  let value: unknown = claims;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  const values = Array.isArray(value) ? value : [value];
  return values.find((v): v is string => typeof v === 'string' && v.length > 0 && accept(v));
}

const forbidden = (message: string) => new CaseError('forbidden', message);

/**
 * Who the caller is, from a verified token's claims: the role, and the scope the role needs (a student
 * acts as their student id, a partner as its partner id, a dean's office for its school). A token that
 * does not say so is refused (403), naming the claim.
 */
export function actorFromClaims(claims: JWTPayload, names: ClaimNames): Actor {
  const role = claim(claims, names.role, (v) => StaffRole.safeParse(v).success);
  if (!role) {
    throw forbidden(
      `the token carries no mobility role in claim "${names.role}" (one of ${StaffRole.options.join(', ')})`,
    );
  }
  const parsedRole = StaffRole.parse(role);
  const need = (name: string, what: string) => {
    const v = claim(claims, name);
    if (!v) throw forbidden(`a ${parsedRole} token must carry ${what} in claim "${name}"`);
    return v;
  };
  const id =
    parsedRole === 'student'
      ? need(names.studentId, 'the student id')
      : parsedRole === 'partner'
        ? need(names.partnerId, 'the partner id')
        : (claim(claims, names.actorId) ?? claims.sub);
  const school = parsedRole === 'dean_office' ? need(names.school, "the dean's office's school") : undefined;
  const parsed = Actor.safeParse({ id, role: parsedRole, ...(school ? { school } : {}) });
  if (!parsed.success) {
    throw forbidden(
      `the token's identity is unusable: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Verifies access tokens against the issuer's keys (from its discovery document, fetched on first use and
 * again after a failure): signature, issuer, audience and expiry, with jose. Returns the claims, or throws
 * `unauthorized` (a bad token) or `unavailable` (the provider cannot be reached).
 */
export function accessTokenVerifier(o: Pick<AuthOptions, 'issuer' | 'audience'>) {
  let keys: Promise<KeySet> | undefined;
  const discover = async (): Promise<KeySet> => {
    const url = `${o.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`discovery ${url}: HTTP ${res.status}`);
    const { jwks_uri } = (await res.json()) as { jwks_uri?: string };
    if (!jwks_uri) throw new Error(`discovery ${url}: no jwks_uri`);
    return createRemoteJWKSet(new URL(jwks_uri));
  };
  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    keys ??= discover();
    let keySet: KeySet;
    try {
      keySet = await keys;
    } catch (err) {
      keys = undefined;
      throw new CaseError(
        'unavailable',
        `the identity provider cannot be reached: ${(err as Error).message}`,
      );
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: o.issuer,
        audience: o.audience,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout) {
        throw new CaseError('unavailable', 'the identity provider did not answer for its keys');
      }
      const why =
        err instanceof joseErrors.JWTExpired
          ? 'the token has expired; sign in again'
          : err instanceof joseErrors.JWTClaimValidationFailed
            ? `claim "${err.claim}" is wrong (${err.reason})`
            : err instanceof joseErrors.JOSEError
              ? 'the token is not a valid signed token of the identity provider'
              : 'the token cannot be read';
      throw new CaseError('unauthorized', `invalid access token: ${why}`);
    }
  };
}

/** Methods that change nothing: all an auditor may send. */
const READS = new Set(['GET', 'HEAD']);

/**
 * A fastify onRequest hook: the caller must present `Authorization: Bearer <access token>`; the actor is
 * taken from the verified token (never from the body) and put on `request.actor`. An auditor reads
 * everything and changes nothing: any other method is refused here, before a route runs.
 */
export function authenticate(o: AuthOptions) {
  const verify = accessTokenVerifier(o);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization;
    const token = header?.match(/^Bearer ([A-Za-z0-9._~+/-]+=*)$/)?.[1];
    if (!token) {
      void reply.header('www-authenticate', 'Bearer realm="mobility"');
      throw new CaseError(
        'unauthorized',
        header
          ? 'authorization: expected "Bearer <access token>"'
          : 'sign in first: send "Authorization: Bearer <access token>" (see README "Signing in")',
      );
    }
    try {
      req.actor = actorFromClaims(await verify(token), o.claims);
    } catch (err) {
      if (err instanceof CaseError && err.kind === 'unauthorized') {
        void reply.header('www-authenticate', 'Bearer realm="mobility", error="invalid_token"');
      }
      throw err;
    }
    if (req.actor.role === 'auditor' && !READS.has(req.method)) {
      throw forbidden('an auditor is read-only: reads every case, changes nothing');
    }
  };
}

/** The signed-in actor of a route behind `authenticate`. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new CaseError('unauthorized', 'sign in first');
  return req.actor;
}
