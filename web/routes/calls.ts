import type { FastifyInstance, FastifyReply } from 'fastify';
import { CaseError } from '../../client/errors';
import { FundingTrack } from '../../domain/case';
import type { ConsoleContext } from '../deps';
import { maySee, scopeFilter, type SignedIn } from '../identity';
import { nextPageHref, pagingOf, signedInPage, type PageContext } from '../pages';
import { statusOf } from '../status';
import { instantFromLocalInput } from '../time';

type CallParams = { Params: { callId: string } };
type Page = PageContext & { who: SignedIn };
type PagingQuery = { limit?: string; cursor?: string };

/** Who sees a call's applicants and ranking: the offices; students and partners see their own cases only. */
const seesApplicants = (who: SignedIn) => !['student', 'partner'].includes(who.actor.role);

async function renderCalls(
  ctx: ConsoleContext,
  page: Page,
  reply: FastifyReply,
  flash: object = {},
  query: PagingQuery = {},
) {
  const { items, next } = await ctx.calls.page(pagingOf(query));
  const calls = items.map((v) => v.call);
  const status = (flash as { status?: number }).status ?? 200;
  return reply
    .status(status)
    .type('text/html')
    .send(
      page.render('calls', {
        calls,
        next: next && nextPageHref('/console/calls', query, next),
        // A page after the first that came back empty: the list ended exactly on the page before.
        later: !!query.cursor,
        flash,
        tracks: FundingTrack.options,
        regions: ctx.policy.mshe.regions.map((r) => r.id),
        mayOpen: page.who.actor.role === 'di_officer',
        mayApply: page.who.actor.role === 'student',
      }),
    );
}

/** The call as the form describes it; the registry decides what the policy allows and who may open it. */
function callRequest(body: Record<string, string | undefined>, who: SignedIn, zone: string): unknown {
  const text = (k: string) => body[k]?.trim() || undefined;
  const list = (k: string) =>
    text(k)
      ?.split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
  const opensAt = text('opensAt');
  const closesAt = text('closesAt');
  const window =
    opensAt || closesAt
      ? {
          opensAt: opensAt && (instantFromLocalInput(opensAt, zone) ?? opensAt),
          closesAt: closesAt && (instantFromLocalInput(closesAt, zone) ?? closesAt),
        }
      : undefined;
  return {
    id: text('id'),
    title: text('title'),
    track: text('track'),
    mobilitySemester: text('mobilitySemester'),
    ...(window ? { window } : {}),
    ...(list('schools')?.length ? { schools: list('schools') } : {}),
    ...(text('region') ? { region: text('region') } : {}),
    actor: who.actor,
  };
}

/** A student applies from their registrar record: name, email, school, degree and basis are the registrar's. */
async function applicationOf(ctx: ConsoleContext, who: SignedIn, callId: string) {
  const call = await ctx.calls.get(callId);
  if (!call) throw new CaseError('notFound', `no call ${callId}`);
  const studentId = who.studentId ?? who.actor.id;
  const record = await ctx.records.get(studentId);
  if (!record) {
    throw new CaseError(
      'conflict',
      `the registrar has no record of student ${studentId}; ask the registrar's office`,
    );
  }
  return {
    student: {
      id: record.studentId,
      fullName: record.fullName,
      email: record.email,
      school: record.school,
      degree: record.degree,
      studyBasis: record.studyBasis,
    },
    track: call.track,
    callId: call.id,
    semester: call.mobilitySemester,
    channel: ctx.policy.applicationChannels[record.degree],
    actor: who.actor,
  };
}

export function registerCallPages(web: FastifyInstance, ctx: ConsoleContext): void {
  web.get<{ Querystring: PagingQuery }>('/console/calls', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    return page ? renderCalls(ctx, page, reply, {}, req.query) : reply;
  });

  web.post<{ Body: Record<string, string | undefined> }>('/console/calls', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    try {
      const call = await ctx.calls.open(callRequest(req.body ?? {}, page.who, ctx.policy.timeZone));
      return reply.redirect(`/console/calls/${encodeURIComponent(call.call.id)}?opened=1`, 303);
    } catch (err) {
      const status = statusOf(err);
      if (status >= 500) throw err;
      const refused = page.m.t('case.refused', { message: (err as Error).message });
      return renderCalls(ctx, page, reply, { refused, status, form: req.body });
    }
  });

  web.get<CallParams & { Querystring: { opened?: string } }>('/console/calls/:callId', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const call = await ctx.calls.get(req.params.callId);
    if (!call) throw new CaseError('notFound', `no call ${req.params.callId}`);
    const listed = await ctx.cases.list({ callId: call.id, ...scopeFilter(page.who) }, Infinity);
    const applicants =
      page.who.actor.role === 'partner'
        ? (await Promise.all(listed.map((s) => ctx.cases.get(s.caseId).catch(() => null))))
            .filter((v) => v && maySee(page.who, v))
            .map((v) => listed.find((s) => s.caseId === v!.caseId)!)
        : listed;
    const ranking = seesApplicants(page.who) ? await ctx.ranking(call.id) : null;
    return reply.type('text/html').send(
      page.render('call', {
        call,
        applicants,
        ranking,
        opened: !!req.query.opened,
        mayApply: page.who.actor.role === 'student',
        auditor: page.who.actor.role === 'auditor',
      }),
    );
  });

  web.post<CallParams>('/console/calls/:callId/apply', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    try {
      if (page.who.actor.role !== 'student') throw new CaseError('forbidden', 'only a student applies');
      const view = await ctx.cases.open(await applicationOf(ctx, page.who, req.params.callId));
      return reply.redirect(`/console/cases/${encodeURIComponent(view.caseId)}?done=OPEN_CASE`, 303);
    } catch (err) {
      const status = statusOf(err);
      if (status >= 500) throw err;
      const refused = page.m.t('case.refused', { message: (err as Error).message });
      return renderCalls(ctx, page, reply, { refused, status });
    }
  });
}
