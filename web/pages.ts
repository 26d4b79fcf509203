import { join } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOf } from './cookies';
import type { ConsoleContext } from './deps';
import { isLanguage, messages, type Language, type Messages } from './i18n';
import type { SignedIn } from './identity';
import type { Session } from './session';
import { showTenths } from '../domain/curriculum-rules';
import { tenge } from '../domain/grant';
import { formatInstant } from './time';

export const SESSION_COOKIE = 'mobility_session';
export const LANG_COOKIE = 'mobility_lang';

/** What every page knows of its request: who is signed in, in which language, and how to draw itself. */
export interface PageContext {
  who: SignedIn | null;
  m: Messages;
  render(view: string, data?: Record<string, unknown>): string;
}

type Paging = Partial<Record<'limit' | 'cursor', string | string[]>>;

/** A list's page size and cursor, from the address (the "Next page" link keeps both); absent when empty. */
export function pagingOf(query: Paging): Paging {
  return Object.fromEntries(
    (['limit', 'cursor'] as const).filter((k) => query[k]?.length).map((k) => [k, query[k]]),
  );
}

/** The address of a list's next page: the same filters, and the cursor the last page gave. */
export function nextPageHref(path: string, query: Record<string, unknown>, next: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'cursor' && typeof value === 'string' && value) params.set(key, value);
  }
  params.set('cursor', next);
  return `${path}?${params}`;
}

const eta = new Eta({ views: join(__dirname, 'views'), cache: true, autoEscape: true });

function languageOf(req: FastifyRequest): Language {
  const chosen = cookieOf(req, LANG_COOKIE);
  if (isLanguage(chosen)) return chosen;
  return /^ru\b/i.test(req.headers['accept-language'] ?? '') ? 'ru' : 'en';
}

/** The signed-in person, from the session's access token verified now: a token that expired signs out. */
async function signedIn(ctx: ConsoleContext, req: FastifyRequest): Promise<SignedIn | null> {
  if (!ctx.signIn) return null;
  const session = await ctx.seal.open<Session>(cookieOf(req, SESSION_COOKIE), SESSION_COOKIE);
  if (!session) return null;
  return ctx.signIn.verify(session.accessToken).catch(() => null);
}

const contexts = new WeakMap<FastifyRequest, Promise<PageContext>>();

export function pageContextOf(ctx: ConsoleContext, req: FastifyRequest): Promise<PageContext> {
  let page = contexts.get(req);
  if (!page) {
    page = (async () => {
      const who = await signedIn(ctx, req);
      const m = messages(languageOf(req));
      const zone = ctx.policy.timeZone;
      const render = (view: string, data: Record<string, unknown> = {}) =>
        eta.render(view, {
          ...data,
          m,
          who,
          zone,
          path: req.url,
          at: (iso: string | null | undefined) => formatInstant(iso, zone, m.lang),
          tenge,
          tenths: showTenths,
        });
      return { who, m, render };
    })();
    contexts.set(req, page);
  }
  return page;
}

/** What a case page says after a redirect: the action taken or the upload's verdict, from the query. */
export function caseFlash(
  m: Messages,
  q: { done?: string; uploaded?: string; verdict?: string; nominated?: string },
): string | undefined {
  if (q.nominated) return m.t('incoming.nominated');
  if (q.done) return m.t('case.done', { action: m.action(q.done) });
  if (!q.uploaded) return undefined;
  const verdict = m.t(q.verdict === 'accepted' ? 'doc.accepted' : 'doc.refused');
  return m.t('case.uploaded', { kind: q.uploaded, verdict });
}

/** A page for someone signed in: anyone else is sent to sign in first, and comes back here after. */
export async function signedInPage(
  ctx: ConsoleContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<(PageContext & { who: SignedIn }) | null> {
  const page = await pageContextOf(ctx, req);
  if (page.who) return page as PageContext & { who: SignedIn };
  if (req.method === 'GET') {
    await reply.redirect(`/auth/sign-in?returnTo=${encodeURIComponent(req.url)}`, 303);
  } else {
    await reply
      .status(401)
      .type('text/html')
      .send(page.render('sign-in', { configured: !!ctx.signIn }));
  }
  return null;
}

/** A form posted from another site is refused: the session cookie is SameSite=Lax, and the origin must be ours. */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A path on this site to return to; anything else (another host, a scheme) becomes the home page. */
export function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}
