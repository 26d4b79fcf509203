import type { FastifyInstance } from 'fastify';
import { cookieOf, setCookie } from '../cookies';
import type { ConsoleContext } from '../deps';
import { OidcClient } from '../oidc';
import { localPath, pageContextOf, SESSION_COOKIE } from '../pages';
import type { PendingSignIn, Session } from '../session';

const PENDING_COOKIE = 'mobility_signin';
const PENDING_SECONDS = 600;

/**
 * Sign-in as an OpenID Connect authorization-code flow with PKCE against the configured provider. The
 * session cookie holds the access token, sealed; the person it stands for is verified on every request by
 * the verifier the API uses, so a token that expires or is revoked by key rotation signs the user out.
 */
export function registerAuthRoutes(web: FastifyInstance, ctx: ConsoleContext): void {
  const client = ctx.signIn ? new OidcClient(ctx.signIn.client) : undefined;
  const cookieBase = { httpOnly: true, secure: !!ctx.secureCookies };

  web.get<{ Querystring: { returnTo?: string; error?: string } }>('/auth/sign-in', async (req, reply) => {
    const page = await pageContextOf(ctx, req);
    if (page.who) return reply.redirect(localPath(req.query.returnTo), 303);
    return reply.type('text/html').send(
      page.render('sign-in', {
        configured: !!client,
        returnTo: localPath(req.query.returnTo),
        error: req.query.error,
      }),
    );
  });

  web.get<{ Querystring: { returnTo?: string } }>('/auth/start', async (req, reply) => {
    if (!client) return reply.redirect('/auth/sign-in', 303);
    const origin = `${req.protocol}://${req.headers.host}`;
    const { url, pending } = await client.authorizationUrl(localPath(req.query.returnTo), origin);
    setCookie(reply, PENDING_COOKIE, await ctx.seal.seal(pending, PENDING_SECONDS, PENDING_COOKIE), {
      ...cookieBase,
      maxAge: PENDING_SECONDS,
    });
    return reply.redirect(url, 303);
  });

  web.get<{ Querystring: Record<string, string | undefined> }>('/auth/callback', async (req, reply) => {
    const failed = (reason: string) =>
      reply.redirect(`/auth/sign-in?error=${encodeURIComponent(reason)}`, 303);
    if (!client || !ctx.signIn) return failed('sign-in is not configured');
    const pending = await ctx.seal.open<PendingSignIn>(cookieOf(req, PENDING_COOKIE), PENDING_COOKIE);
    setCookie(reply, PENDING_COOKIE, '', { ...cookieBase, maxAge: 0 });
    const { code, state, error, error_description } = req.query;
    if (error) return failed(error_description ?? error);
    if (!pending) return failed('the sign-in took too long or was started elsewhere; try again');
    if (!code || state !== pending.state) return failed('the answer does not belong to this sign-in');
    try {
      const tokens = await client.exchange(code, pending);
      const who = await ctx.signIn.verify(tokens.access_token);
      const lifetime = Math.max(60, Math.min(tokens.expires_in ?? 3600, 12 * 3600));
      const session: Session = { accessToken: tokens.access_token, idToken: tokens.id_token };
      setCookie(reply, SESSION_COOKIE, await ctx.seal.seal(session, lifetime, SESSION_COOKIE), {
        ...cookieBase,
        maxAge: lifetime,
      });
      req.log.info({ role: who.actor.role }, 'console sign-in');
      return reply.redirect(pending.returnTo, 303);
    } catch (err) {
      return failed((err as Error).message);
    }
  });

  web.post('/auth/sign-out', async (req, reply) => {
    const session = await ctx.seal.open<Session>(cookieOf(req, SESSION_COOKIE), SESSION_COOKIE);
    setCookie(reply, SESSION_COOKIE, '', { ...cookieBase, maxAge: 0 });
    const home = `${req.protocol}://${req.headers.host}/`;
    const end = client ? await client.endSessionUrl(session?.idToken, home) : null;
    return reply.redirect(end ?? '/', 303);
  });
}
