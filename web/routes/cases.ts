import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CaseError } from '../../client/errors';
import { DocumentKind } from '../../domain/document';
import { FundingTrack } from '../../domain/case';
import type { CaseView } from '../../domain/case-view';
import { caseMessages } from '../../services/case-messages';
import type { ConsoleContext } from '../deps';
import { actionForm, eventFromForm } from '../forms';
import { maySee, readOnly, type SignedIn } from '../identity';
import { caseFlash, nextPageHref, signedInPage, type PageContext } from '../pages';
import { renderStatechart, stagesOf, stateBoxes } from '../statechart';
import { statusOf } from '../status';
import { readUpload } from '../uploads';
import { listCases, type ListQuery } from '../work';

type CaseParams = { Params: { caseId: string } };

/** The case as this person may see it; a case out of their scope reads as one that does not exist. */
export async function visibleCase(ctx: ConsoleContext, who: SignedIn, caseId: string): Promise<CaseView> {
  const view = await ctx.cases.get(caseId);
  if (!maySee(who, view)) throw new CaseError('notFound', `no case ${caseId}`);
  return view;
}

async function renderCase(
  ctx: ConsoleContext,
  page: PageContext & { who: SignedIn },
  reply: FastifyReply,
  caseId: string,
  flash: { ok?: string; refused?: string; status?: number } = {},
) {
  const view = await visibleCase(ctx, page.who, caseId);
  const history = await ctx.cases.history(caseId);
  const { email } = (view.context as { student: { email: string } }).student;
  const mail = await caseMessages(
    { upcoming: (id) => ctx.cases.upcoming(id), outbox: ctx.outbox },
    page.who.actor,
    { caseId, studentEmail: email },
  );
  const role = page.who.actor.role;
  const mine = readOnly(page.who) ? [] : view.allowedActions.filter((a) => a.roles.includes(role));
  const forms = mine
    .filter((a) => a.type !== 'ATTACH_DOCUMENT')
    .map((a) => ({ type: a.type, fields: actionForm(a.type) ?? [] }));
  const others = view.allowedActions.filter((a) => !a.roles.includes(role));
  return reply
    .status(flash.status ?? 200)
    .type('text/html')
    .send(
      page.render('case', {
        view,
        history,
        mail,
        forms,
        others,
        canUpload: mine.some((a) => a.type === 'ATTACH_DOCUMENT'),
        kinds: DocumentKind.options,
        readOnly: readOnly(page.who),
        statechart: renderStatechart(stateBoxes(ctx.machine), view.states),
        flash,
      }),
    );
}

/** A refusal of the case (or of a form) is shown on the case page in words, with the API's status. */
async function refusedOnPage(
  ctx: ConsoleContext,
  req: FastifyRequest<CaseParams>,
  reply: FastifyReply,
  page: PageContext & { who: SignedIn },
  err: unknown,
) {
  const status = statusOf(err);
  if (status >= 500 || status === 404) throw err;
  const refused = page.m.t('case.refused', { message: (err as Error).message });
  return renderCase(ctx, page, reply, req.params.caseId, { refused, status });
}

export function registerCasePages(web: FastifyInstance, ctx: ConsoleContext): void {
  web.get<{ Querystring: ListQuery }>('/console/cases', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const { items, next } = await listCases(ctx.cases, page.who, req.query);
    // Every call, for the filter: a call left out could not be chosen (the options are the calls' ids).
    const calls = (await ctx.calls.list(Infinity)).map((v) => v.call);
    return reply.type('text/html').send(
      page.render('cases', {
        cases: items,
        next: next && nextPageHref('/console/cases', req.query, next),
        query: req.query,
        now: ctx.now().toISOString(),
        stages: stagesOf(ctx.machine),
        tracks: FundingTrack.options,
        calls,
      }),
    );
  });

  web.get<CaseParams & { Querystring: { done?: string; uploaded?: string; verdict?: string } }>(
    '/console/cases/:caseId',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const ok = caseFlash(page.m, req.query);
      return renderCase(ctx, page, reply, req.params.caseId, { ok });
    },
  );

  web.post<CaseParams & { Body: Record<string, unknown> }>(
    '/console/cases/:caseId/act',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const type = String(req.body?._action ?? '');
      try {
        if (readOnly(page.who)) throw new CaseError('forbidden', 'auditors change nothing');
        await visibleCase(ctx, page.who, req.params.caseId);
        await ctx.cases.act(req.params.caseId, eventFromForm(type, page.who.actor, req.body ?? {}));
      } catch (err) {
        return refusedOnPage(ctx, req, reply, page, err);
      }
      const to = `/console/cases/${encodeURIComponent(req.params.caseId)}?done=${encodeURIComponent(type)}`;
      return reply.redirect(to, 303);
    },
  );

  web.post<CaseParams>('/console/cases/:caseId/upload', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    try {
      if (readOnly(page.who)) throw new CaseError('forbidden', 'auditors change nothing');
      await visibleCase(ctx, page.who, req.params.caseId);
      const { fields, file } = await readUpload(req, ctx.maxUploadBytes);
      const { result } = await ctx.cases.upload(
        req.params.caseId,
        { kind: fields.kind, actor: page.who.actor, fileName: file.name },
        file.bytes,
      );
      const verdict = result.document?.accepted ? 'accepted' : 'refused';
      const kind = encodeURIComponent(`${fields.kind}`);
      return reply.redirect(
        `/console/cases/${encodeURIComponent(req.params.caseId)}?uploaded=${kind}&verdict=${verdict}`,
        303,
      );
    } catch (err) {
      return refusedOnPage(ctx, req, reply, page, err);
    }
  });
}
