import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../deps';
import { signedInPage } from '../pages';
import { incomingWork } from '../incoming';
import { myWork } from '../work';

/** The home page: what waits for the signed-in person (a student: their own applications), outgoing and incoming. */
export function registerWorkPage(web: FastifyInstance, ctx: ConsoleContext): void {
  // CONSOLE_URL names the console as `/console`: its own address is the home page.
  web.get('/console', async (_req, reply) => reply.redirect('/', 303));
  web.get('/', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const now = ctx.now();
    const auditor = page.who.actor.role === 'auditor';
    const [items, incoming] = await Promise.all([
      auditor ? [] : myWork(ctx.cases, page.who, now),
      incomingWork(ctx.incoming, page.who, now),
    ]);
    return reply.type('text/html').send(page.render('work', { items, incoming }));
  });
}
