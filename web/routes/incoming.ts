import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CaseError } from '../../client/errors';
import { caseMessages } from '../../services/case-messages';
import { assertOwnSchool } from '../../services/incoming-scope';
import { mayNominate, type BatchOutcome } from '../../services/nominations';
import type { ConsoleContext } from '../deps';
import { eventFromForm, incomingActionForm } from '../forms';
import { readOnly, type SignedIn } from '../identity';
import { listIncoming, visibleIncoming, type IncomingListQuery } from '../incoming';
import { nominationChoices, NOMINATION_FIELDS } from '../nomination-form';
import { caseFlash, nextPageHref, signedInPage, type PageContext } from '../pages';
import { renderStatechart, stagesOf, stateBoxes } from '../statechart';
import { statusOf } from '../status';
import { readUpload } from '../uploads';

type CaseParams = { Params: { caseId: string } };
export type Page = PageContext & { who: SignedIn };
export type Flash = { ok?: string; refused?: string; status?: number };

const casePath = (caseId: string) => `/console/incoming/${encodeURIComponent(caseId)}`;

/** A refusal (of the case, the scope or a form) is shown on the page in words; a failure of ours is not. */
export function shownRefusal(page: Page, err: unknown): Flash {
  const status = statusOf(err);
  if (status >= 500) throw err;
  return { refused: page.m.t('case.refused', { message: (err as Error).message }), status };
}

/** What the nomination forms bring back to the list: the typed values, the fields refused, a CSV's outcome. */
export interface NominationOutcome {
  values?: Record<string, string>;
  invalid?: string[];
  flash?: Flash;
  csv?: BatchOutcome;
}

export async function renderList(
  ctx: ConsoleContext,
  page: Page,
  reply: FastifyReply,
  query: IncomingListQuery,
  form: NominationOutcome = {},
) {
  let cases: Awaited<ReturnType<typeof listIncoming>> = { items: [], next: null };
  let flash = form.flash ?? {};
  try {
    cases = await listIncoming(ctx.incoming, page.who, query);
  } catch (err) {
    flash = shownRefusal(page, err);
  }
  const nominate = !readOnly(page.who) && mayNominate(page.who.actor.role);
  const partners = await ctx.incoming.nominatingPartners();
  return reply
    .status(flash.status ?? 200)
    .type('text/html')
    .send(
      page.render('incoming-list', {
        cases: cases.items,
        next: cases.next && nextPageHref('/console/incoming', query, cases.next),
        query,
        now: ctx.now().toISOString(),
        stages: stagesOf(ctx.incomingMachine),
        partners: partners.map((a) => ({ id: a.partnerId, name: a.partnerName })),
        nominate: nominate
          ? { fields: NOMINATION_FIELDS, choices: nominationChoices(partners, page.who.actor, ctx.now()) }
          : null,
        values: form.values ?? {},
        invalid: form.invalid ?? [],
        csv: form.csv ?? null,
        flash,
      }),
    );
}

async function renderCase(
  ctx: ConsoleContext,
  page: Page,
  reply: FastifyReply,
  caseId: string,
  flash: Flash,
) {
  const view = await visibleIncoming(ctx.incoming, page.who, caseId);
  const history = await ctx.incoming.history(caseId);
  const mail = await caseMessages(
    { upcoming: (id) => ctx.incoming.upcoming(id), outbox: ctx.outbox },
    page.who.actor,
    { caseId, studentEmail: view.student.email },
  );
  const role = page.who.actor.role;
  const mine = readOnly(page.who) ? [] : view.allowedActions.filter((a) => a.roles.includes(role));
  const forms = mine
    .filter((a) => a.type !== 'ATTACH_DOCUMENT')
    .map((a) => ({ type: a.type, fields: incomingActionForm(a.type) ?? [] }));
  // The kinds the checklist asks for: the only uploads the case takes.
  const kinds = (ctx.policy.incoming?.requiredDocuments ?? []).flatMap((d) => d.anyOf);
  return reply
    .status(flash.status ?? 200)
    .type('text/html')
    .send(
      page.render('incoming-case', {
        view,
        history,
        mail,
        forms,
        others: view.allowedActions.filter((a) => !a.roles.includes(role)),
        canUpload: mine.some((a) => a.type === 'ATTACH_DOCUMENT'),
        kinds,
        readOnly: readOnly(page.who),
        statechart: renderStatechart(stateBoxes(ctx.incomingMachine), view.states),
        flash,
      }),
    );
}

/** Runs a change on a case; a refusal is drawn on the case page, unless the case is not to be seen at all. */
async function onCase(
  ctx: ConsoleContext,
  page: Page,
  req: FastifyRequest<CaseParams>,
  reply: FastifyReply,
  change: () => Promise<string>,
) {
  try {
    if (readOnly(page.who)) throw new CaseError('forbidden', 'auditors change nothing');
    await visibleIncoming(ctx.incoming, page.who, req.params.caseId);
    return reply.redirect(`${casePath(req.params.caseId)}?${await change()}`, 303);
  } catch (err) {
    if (statusOf(err) === 404) throw err;
    return renderCase(ctx, page, reply, req.params.caseId, shownRefusal(page, err));
  }
}

/**
 * Incoming mobility in the console: the list of incoming cases in the person's scope (with the nomination
 * forms, routes/incoming-nominations.ts), and each case's page with its facts, documents, history and the
 * forms of the actions its machine allows the person now.
 */
export function registerIncomingPages(web: FastifyInstance, ctx: ConsoleContext): void {
  web.get<{ Querystring: IncomingListQuery }>('/console/incoming', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    return renderList(ctx, page, reply, req.query ?? {});
  });

  web.get<
    CaseParams & { Querystring: { done?: string; uploaded?: string; verdict?: string; nominated?: string } }
  >('/console/incoming/:caseId', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const ok = caseFlash(page.m, req.query);
    return renderCase(ctx, page, reply, req.params.caseId, { ok });
  });

  web.post<CaseParams & { Body: Record<string, unknown> }>(
    '/console/incoming/:caseId/act',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const type = String(req.body?._action ?? '');
      return onCase(ctx, page, req, reply, async () => {
        const event = eventFromForm(type, page.who.actor, req.body ?? {}, incomingActionForm);
        assertOwnSchool(page.who.actor, event);
        await ctx.incoming.act(req.params.caseId, event);
        return `done=${encodeURIComponent(type)}`;
      });
    },
  );

  web.post<CaseParams>('/console/incoming/:caseId/upload', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    return onCase(ctx, page, req, reply, async () => {
      const { fields, file } = await readUpload(req, ctx.maxUploadBytes);
      const extra = Object.keys(fields).filter((k) => k !== 'kind');
      if (extra.length)
        throw new CaseError('invalid', `${extra.join(', ')}: an upload takes a file and its kind`);
      const upload = { kind: fields.kind, actor: page.who.actor, fileName: file.name };
      const { result } = await ctx.incoming.upload(req.params.caseId, upload, file.bytes);
      const verdict = result.document?.accepted ? 'accepted' : 'refused';
      return `uploaded=${encodeURIComponent(`${fields.kind}`)}&verdict=${verdict}`;
    });
  });
}
