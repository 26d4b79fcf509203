import type { FastifyInstance } from 'fastify';
import { CaseError } from '../../client/errors';
import type { IncomingClient } from '../../client/incoming';
import type { Actor } from '../../domain/actor';
import { caseMessages } from '../../services/case-messages';
import { nominateMany, nominationFor } from '../../services/nominations';
import type { DocumentStore } from '../../stores/documents';
import type { OutboxStore } from '../../stores/outbox';
import { issuedDocument, type IssuedDocumentParams } from '../../services/incoming-issued';
import { actorOf } from '../auth';
import { assertMayReadIncoming, assertOwnSchool, scopedIncomingFilter } from '../../services/incoming-scope';
import { withActor } from '../scope';
import { readUploadForm } from '../uploads';

type CaseParams = { Params: { caseId: string } };
const CSV_LIMIT = 2 * 1024 * 1024;

/**
 * Incoming mobility: nominations from a partner's signed-in system (its client-credentials token; the
 * partner is the token's) or from DI on a partner's behalf, one as JSON or many as CSV (all or nothing),
 * and the incoming cases within each caller's scope. Every route is behind `authenticate`.
 */
export function registerIncomingRoutes(
  api: FastifyInstance,
  incoming: IncomingClient,
  maxUploadBytes: number,
  { outbox, documents }: { outbox?: Pick<OutboxStore, 'byCase'>; documents?: Pick<DocumentStore, 'get'> },
): void {
  const readable = async (actor: Actor, caseId: string) => {
    const view = await incoming.get(caseId);
    assertMayReadIncoming(actor, view);
    return view;
  };
  api.post('/incoming/nominations', async (req, reply) =>
    reply.status(201).send(await incoming.nominate(nominationFor(actorOf(req), req.body))),
  );
  api.post('/incoming/nominations/csv', { bodyLimit: CSV_LIMIT }, async (req, reply) => {
    // The route's contract (NominationsCsv) has refused a body without its CSV text.
    const { content } = req.body as { content: string };
    const outcome = await nominateMany(incoming, actorOf(req), content);
    if (outcome.ok) return reply.status(201).send(outcome);
    const shown = outcome.errors
      .slice(0, 5)
      .map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`)
      .join('; ');
    return reply.status(400).send({
      error: 'invalid',
      message: `no nomination made: ${outcome.errors.length} problem(s); ${shown}`,
      details: { rows: outcome.errors },
    });
  });
  api.get('/incoming/cases', async (req) => incoming.page(scopedIncomingFilter(actorOf(req), req.query)));
  api.get<CaseParams>('/incoming/cases/:caseId', async (req) => readable(actorOf(req), req.params.caseId));
  api.get<CaseParams>('/incoming/cases/:caseId/history', async (req) => {
    await readable(actorOf(req), req.params.caseId);
    return incoming.history(req.params.caseId);
  });
  if (outbox) {
    api.get<CaseParams>('/incoming/cases/:caseId/messages', async (req) => {
      const actor = actorOf(req);
      const view = await readable(actor, req.params.caseId);
      const sources = { upcoming: (id: string) => incoming.upcoming(id), outbox };
      return caseMessages(sources, actor, { caseId: view.caseId, studentEmail: view.student.email });
    });
  }
  if (documents) {
    api.get<IssuedDocumentParams>('/incoming/cases/:caseId/issued/:document', async (req, reply) => {
      const view = await readable(actorOf(req), req.params.caseId);
      const { name, bytes } = await issuedDocument(documents, view, req.params.document);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(bytes);
    });
  }
  api.post<CaseParams>('/incoming/cases/:caseId/actions', async (req) => {
    const actor = actorOf(req);
    await readable(actor, req.params.caseId);
    assertOwnSchool(actor, req.body);
    return incoming.act(req.params.caseId, withActor(req.body, actor));
  });
  api.post<CaseParams>('/incoming/cases/:caseId/documents', async (req, reply) => {
    const actor = actorOf(req);
    await readable(actor, req.params.caseId);
    const { fields, file } = await readUploadForm(req, maxUploadBytes);
    const extra = Object.keys(fields).filter((k) => k !== 'kind');
    if (extra.length > 0) {
      const message = 'an incoming upload takes only a "file" and its "kind"';
      throw new CaseError('invalid', `${extra.join(', ')}: ${message}`, {
        issues: extra.map((path) => ({ path, message })),
      });
    }
    const upload = { kind: fields.kind, actor, fileName: file.name };
    return reply.status(201).send(await incoming.upload(req.params.caseId, upload, file.bytes));
  });
}
