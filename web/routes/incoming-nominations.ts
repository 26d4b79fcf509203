import type { FastifyInstance } from 'fastify';
import { CaseError } from '../../client/errors';
import { columnOf, nominateMany, nominationFor, rowNomination } from '../../services/nominations';
import type { ConsoleContext } from '../deps';
import { readOnly } from '../identity';
import { NOMINATION_FIELDS } from '../nomination-form';
import { signedInPage } from '../pages';
import { readUpload } from '../uploads';
import { renderList, shownRefusal } from './incoming';

/**
 * Nominations from the console, through the services the API's nomination routes use: one student typed
 * into the form (the fields named as the CSV's columns), or many from a CSV file, all or nothing, each
 * problem shown by line and column. A partner's office nominates for its own partner, DI naming one.
 */
export function registerNominationForms(web: FastifyInstance, ctx: ConsoleContext): void {
  web.post<{ Body: Record<string, unknown> }>('/console/incoming/nominate', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const values: Record<string, string> = {};
    for (const name of NOMINATION_FIELDS.map((f) => f.name)) {
      const v = req.body?.[name];
      if (typeof v === 'string' && v.trim() !== '') values[name] = v.trim();
    }
    try {
      if (readOnly(page.who)) throw new CaseError('forbidden', 'auditors change nothing');
      const view = await ctx.incoming.nominate(nominationFor(page.who.actor, rowNomination(values)));
      return reply.redirect(`/console/incoming/${encodeURIComponent(view.caseId)}?nominated=1`, 303);
    } catch (err) {
      const issues = err instanceof CaseError ? (err.details.issues ?? []) : [];
      // The passport number is not typed back into the page: it is asked for again.
      const shown = { ...values };
      delete shown.passportNumber;
      return renderList(
        ctx,
        page,
        reply,
        {},
        {
          values: shown,
          invalid: issues.map((i) => columnOf(i.path)).filter((c): c is NonNullable<typeof c> => !!c),
          flash: shownRefusal(page, err),
        },
      );
    }
  });

  web.post('/console/incoming/nominate-csv', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    try {
      if (readOnly(page.who)) throw new CaseError('forbidden', 'auditors change nothing');
      const { file } = await readUpload(req, ctx.maxUploadBytes);
      const csv = await nominateMany(ctx.incoming, page.who.actor, file.bytes.toString('utf8'));
      const flash = csv.ok
        ? { ok: page.m.t('incoming.csvDone', { count: csv.cases.length }) }
        : { refused: page.m.t('incoming.csvRefused', { count: csv.errors.length }), status: 400 };
      return renderList(ctx, page, reply, {}, { csv, flash });
    } catch (err) {
      return renderList(ctx, page, reply, {}, { flash: shownRefusal(page, err) });
    }
  });
}
