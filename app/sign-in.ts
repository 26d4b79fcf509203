import { accessTokenVerifier, actorFromClaims, type AuthOptions } from '../api/auth';
import type { Config } from './config';
import type { ConsoleSignIn } from './console';
import { apiOrigins } from './embedded/identity-provider';
import { CONSOLE_CLIENT_ID, CONSOLE_REDIRECT_PATH } from './embedded/identity-users';

/**
 * The console's sign-in over the same identity as the API: client `mobility-console` (authorization code +
 * PKCE) at the configured issuer, its redirect on the API's origin, and tokens verified and mapped to the
 * actor exactly as the API does (api/auth.ts).
 */
export function consoleSignIn(config: Config, auth: AuthOptions): ConsoleSignIn {
  const verify = accessTokenVerifier(auth);
  return {
    client: {
      issuer: auth.issuer,
      clientId: CONSOLE_CLIENT_ID,
      redirectUris: apiOrigins(config).map((o) => `${o}${CONSOLE_REDIRECT_PATH}`),
      scope: 'openid profile mobility',
      resource: auth.audience,
    },
    verify: async (token) => {
      const claims = await verify(token);
      const actor = actorFromClaims(claims, auth.claims);
      return {
        actor,
        name: typeof claims.name === 'string' ? claims.name : actor.id,
        ...(actor.school ? { school: actor.school } : {}),
        ...(actor.role === 'student' ? { studentId: actor.id } : {}),
        ...(actor.role === 'partner' ? { partnerId: actor.id } : {}),
      };
    },
  };
}
