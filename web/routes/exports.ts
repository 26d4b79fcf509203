import type { FastifyInstance, FastifyReply } from 'fastify';
import { CaseError } from '../../client/errors';
import type { ConsoleContext } from '../deps';
import { HISTORY_COLUMNS, historyPdf, historyRows, toCsv, type HistorySection } from '../export';
import { scopeFilter, type SignedIn } from '../identity';
import { signedInPage } from '../pages';
import { exportCases, type ListQuery } from '../work';
import { visibleIncoming } from '../incoming';
import { visibleCase } from './cases';
import { IssuedDocument } from '../../domain/incoming';
import { issuedDocument } from '../../services/incoming-issued';
import { creditTransferStatement } from '../../services/credit-statement';

const SUMMARY_COLUMNS = [
  'caseId',
  'status',
  'stage',
  'track',
  'school',
  'studentId',
  'callId',
  'nextDeadline',
  'openedAt',
] as const;

function download(reply: FastifyReply, name: string, type: string, body: string | Uint8Array) {
  return reply
    .header('content-disposition', `attachment; filename="${name}"`)
    .type(type)
    .send(typeof body === 'string' ? body : Buffer.from(body));
}

async function caseSection(ctx: ConsoleContext, who: SignedIn, caseId: string): Promise<HistorySection> {
  const view = await visibleCase(ctx, who, caseId);
  const student = (view.context as { student?: { id: string; fullName: string } }).student;
  return {
    caseId,
    subtitle: `${student?.fullName ?? ''} (${student?.id ?? ''}), ${view.track}, call ${view.callId}, ${view.stageLabel} (${view.status}), policy ${view.policyVersion}`,
    history: await ctx.cases.history(caseId),
  };
}

async function incomingSection(ctx: ConsoleContext, who: SignedIn, caseId: string): Promise<HistorySection> {
  const v = await visibleIncoming(ctx.incoming, who, caseId);
  return {
    caseId,
    subtitle: `${v.student.name} (${v.student.partnerStudentId}) of ${v.partner.id}, ${v.school} ${v.semester}, ${v.stageLabel} (${v.status}), policy ${v.policyVersion}`,
    history: await ctx.incoming.history(caseId),
  };
}

/** The call's cases within the person's scope, each with its whole history. */
async function callSections(ctx: ConsoleContext, who: SignedIn, callId: string): Promise<HistorySection[]> {
  if (!(await ctx.calls.get(callId))) throw new CaseError('notFound', `no call ${callId}`);
  const listed = await ctx.cases.list({ callId, ...scopeFilter(who) }, Infinity);
  const sections: HistorySection[] = [];
  for (const s of listed) {
    const section = await caseSection(ctx, who, s.caseId).catch(() => null);
    if (section) sections.push(section);
  }
  return sections.sort((a, b) => a.caseId.localeCompare(b.caseId));
}

/** CSV of the case list; CSV and PDF of a case's history and of every history of a call. */
export function registerExports(web: FastifyInstance, ctx: ConsoleContext): void {
  const zone = ctx.policy.timeZone;
  web.get<{ Querystring: ListQuery }>('/console/cases.csv', async (req, reply) => {
    const page = await signedInPage(ctx, req, reply);
    if (!page) return reply;
    const cases = await exportCases(ctx.cases, page.who, req.query);
    const rows = cases.map((c) => SUMMARY_COLUMNS.map((k) => c[k]));
    return download(reply, 'cases.csv', 'text/csv; charset=utf-8', toCsv([...SUMMARY_COLUMNS], rows));
  });

  // One case's history, outgoing or incoming: the same columns, each case read within the person's scope.
  for (const [prefix, section] of [
    ['/console/cases', caseSection],
    ['/console/incoming', incomingSection],
  ] as const) {
    web.get<{ Params: { caseId: string; format: string } }>(
      `${prefix}/:caseId/history.:format`,
      async (req, reply) => {
        const page = await signedInPage(ctx, req, reply);
        if (!page) return reply;
        const { caseId, format } = req.params;
        if (format !== 'csv' && format !== 'pdf')
          throw new CaseError('notFound', `no export as ${format}; csv or pdf`);
        const found = await section(ctx, page.who, caseId);
        if (format === 'csv') {
          const csv = toCsv(HISTORY_COLUMNS, historyRows(caseId, found.history, zone));
          return download(reply, `${caseId}-history.csv`, 'text/csv; charset=utf-8', csv);
        }
        const pdf = await historyPdf(`History of case ${caseId}`, [found], zone);
        return download(reply, `${caseId}-history.pdf`, 'application/pdf', pdf);
      },
    );
  }

  // The PDFs KBTU made for an incoming case, as the API serves them.
  web.get<{ Params: { caseId: string; document: string } }>(
    '/console/incoming/:caseId/issued/:document',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const document = IssuedDocument.safeParse(req.params.document);
      if (!document.success) {
        const message = `${IssuedDocument.options.join(' or ')}, not ${req.params.document}`;
        throw new CaseError('invalid', `document: ${message}`, { issues: [{ path: 'document', message }] });
      }
      const view = await visibleIncoming(ctx.incoming, page.who, req.params.caseId);
      const { name, bytes } = await issuedDocument(ctx.documents, view, document.data);
      return download(reply, name, 'application/pdf', bytes);
    },
  );

  // The credit transfer statement an outgoing case issued (version 6), as the API serves it.
  web.get<{ Params: { caseId: string } }>(
    '/console/cases/:caseId/credit-transfer-statement.pdf',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const view = await visibleCase(ctx, page.who, req.params.caseId);
      const { name, bytes } = await creditTransferStatement(ctx.documents, view);
      return download(reply, name, 'application/pdf', bytes);
    },
  );

  web.get<{ Params: { callId: string; format: string } }>(
    '/console/calls/:callId/history.:format',
    async (req, reply) => {
      const page = await signedInPage(ctx, req, reply);
      if (!page) return reply;
      const { callId, format } = req.params;
      if (format !== 'csv' && format !== 'pdf')
        throw new CaseError('notFound', `no export as ${format}; csv or pdf`);
      const sections = await callSections(ctx, page.who, callId);
      if (format === 'csv') {
        const rows = sections.flatMap((s) => historyRows(s.caseId, s.history, zone));
        return download(
          reply,
          `${callId}-histories.csv`,
          'text/csv; charset=utf-8',
          toCsv(HISTORY_COLUMNS, rows),
        );
      }
      const pdf = await historyPdf(`Histories of the cases of call ${callId}`, sections, zone);
      return download(reply, `${callId}-histories.pdf`, 'application/pdf', pdf);
    },
  );
}
