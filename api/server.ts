import Fastify, { type FastifyInstance } from 'fastify';
import type { CaseClient } from '../client/cases';
import type { CallRegistry } from '../client/calls';
import { CaseError, type CaseErrorKind } from '../client/errors';
import type { CurriculaService } from '../services/curricula';
import type { Statements } from '../services/statements';
import type { CallRanking } from '../services/ranking';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { InboxReader } from '../stores/inbox';
import { openApiDocument } from './openapi';
import { registerCurricula } from './routes/curricula';
import { registerStatements } from './routes/statements';
import { registerUploads } from './uploads';

const STATUS: Record<CaseErrorKind, number> = { invalid: 400, forbidden: 403, notFound: 404, conflict: 409 };

export interface ApiDeps {
  cases: CaseClient;
  calls: CallRegistry;
  /** The explained eligibility verdict for a student and a call (see services/eligibility.ts). */
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  /** A call's eligible applicants in the policy's ranking order (see services/ranking.ts). */
  ranking: (callId: string) => Promise<CallRanking>;
  /** The local SMTP sink's inbox; absent when mail goes to a real relay. */
  inbox?: InboxReader;
  /** Curricula, partner catalogues and the equivalence register (see services/curricula.ts). */
  curricula?: CurriculaService;
  /** Individual curriculum, credit transfer and grant statements (see services/statements.ts). */
  statements?: Statements;
}

/** The staff HTTP API: thin handlers over the case client, errors mapped to status codes. */
export async function buildApi({
  cases,
  calls,
  eligibility,
  ranking,
  inbox,
  curricula,
  statements,
}: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof CaseError) {
      return reply
        .status(STATUS[err.kind])
        .send({ error: err.kind, message: err.message, details: err.details });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: 'invalid', message: (err as Error).message });
    }
    app.log.error(err);
    return reply.status(500).send({ error: 'internal', message: 'internal error; see the server log' });
  });

  type CaseParams = { Params: { caseId: string } };

  app.get('/health', async () => ({ ok: true }));
  app.get('/openapi.json', async () => openApiDocument());
  app.post('/cases', async (req, reply) => reply.status(201).send(await cases.open(req.body)));
  app.get('/cases', async (req) => cases.list(req.query));
  app.get<CaseParams>('/cases/:caseId', async (req) => cases.get(req.params.caseId));
  app.post<CaseParams>('/cases/:caseId/actions', async (req) => cases.act(req.params.caseId, req.body));
  app.get<CaseParams>('/cases/:caseId/history', async (req) => cases.history(req.params.caseId));
  app.post<CaseParams>('/cases/:caseId/partner-documents', async (req, reply) => {
    await cases.partnerDocument(req.params.caseId, req.body);
    return reply.status(202).send({ delivered: true });
  });
  await registerUploads(app, cases, cases.maxUploadBytes());
  app.post('/calls', async (req, reply) => reply.status(201).send(await calls.open(req.body)));
  app.get('/calls', async () => calls.list());
  app.get<{ Params: { callId: string } }>('/calls/:callId', async (req) => {
    const call = await calls.get(req.params.callId);
    if (!call) throw new CaseError('notFound', `no call ${req.params.callId}`);
    return call;
  });
  app.get<{ Params: { callId: string } }>('/calls/:callId/ranking', async (req) =>
    ranking(req.params.callId),
  );
  app.post('/eligibility', async (req) => eligibility(req.body));
  if (curricula) registerCurricula(app, curricula);
  if (statements) registerStatements(app, statements);
  app.get<{ Querystring: { to?: string; caseId?: string } }>('/inbox', async (req, reply) => {
    if (!inbox)
      return reply
        .status(404)
        .send({ error: 'notFound', message: 'no local inbox: mail goes to an SMTP relay' });
    return inbox({ to: req.query.to, caseId: req.query.caseId });
  });
  return app;
}
