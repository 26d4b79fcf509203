import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setCookie } from './cookies';
import type { ConsoleContext, ConsoleDeps } from './deps';
import { isLanguage } from './i18n';
import { LANG_COOKIE, localPath, pageContextOf, sameOrigin } from './pages';
import { registerAuthRoutes } from './routes/auth';
import { registerCallPages } from './routes/calls';
import { registerCasePages } from './routes/cases';
import { registerExports } from './routes/exports';
import { registerIncomingPages } from './routes/incoming';
import { registerNominationForms } from './routes/incoming-nominations';
import { registerWorkPage } from './routes/work';
import { CookieSeal } from './session';
import { statusOf } from './status';

export type { ConsoleDeps };

const PUBLIC_FILES = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};

/**
 * The web console, served by the API at `/`: server-rendered pages (eta) over the same case clients and
 * services the API uses. Everything here lives in its own Fastify context: its cookie, form and error
 * handling do not reach the API's JSON routes.
 */
export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  await app.register(async (web) => {
    await web.register(formbody, { bodyLimit: 64 * 1024 });
    if (!web.hasContentTypeParser('multipart/form-data')) {
      await web.register(multipart, { limits: { files: 1, fileSize: deps.maxUploadBytes + 1, fields: 10 } });
    }
    // Two small files, read once: the stylesheet and the script every page loads.
    for (const [file, type] of Object.entries(PUBLIC_FILES)) {
      const body = readFileSync(join(__dirname, 'public', file));
      web.get(`/console/static/${file}`, async (_req, reply) =>
        reply.type(type).header('cache-control', 'public, max-age=300').send(body),
      );
    }
    const ctx: ConsoleContext = {
      ...deps,
      seal: new CookieSeal(deps.sessionKey),
      now: deps.now ?? (() => new Date()),
    };
    web.setErrorHandler(async (err, req, reply) => renderError(ctx, req, reply, err));
    web.addHook('preHandler', async (req, reply) => {
      if (req.method === 'POST' && !sameOrigin(req)) {
        await reply.status(403).type('text/plain').send('cross-site form posts are refused');
      }
    });
    web.post<{ Body: { lang?: string; returnTo?: string } }>('/lang', async (req, reply) => {
      const lang = isLanguage(req.body?.lang) ? req.body.lang : 'en';
      setCookie(reply, LANG_COOKIE, lang, { maxAge: 365 * 24 * 3600 });
      return reply.redirect(localPath(req.body?.returnTo), 303);
    });
    registerAuthRoutes(web, ctx);
    registerWorkPage(web, ctx);
    registerCasePages(web, ctx);
    registerCallPages(web, ctx);
    registerExports(web, ctx);
    registerIncomingPages(web, ctx);
    registerNominationForms(web, ctx);
  });
}

async function renderError(ctx: ConsoleContext, req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const status = statusOf(err);
  if (status >= 500) req.log.error(err);
  const page = await pageContextOf(ctx, req);
  const message =
    status === 404
      ? page.m.t('error.notFound')
      : status === 403
        ? page.m.t('error.forbidden')
        : status >= 500
          ? 'internal error; see the server log'
          : (err as Error).message;
  return reply.status(status).type('text/html').send(page.render('error', { message, status }));
}
