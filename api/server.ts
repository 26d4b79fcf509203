import Fastify, { type FastifyInstance } from 'fastify';
import type { CaseClient } from '../client/cases';
import type { CallRegistry } from '../client/calls';
import { CaseError, type CaseErrorKind } from '../client/errors';
import type { CurriculaService } from '../services/curricula';
import type { Statements } from '../services/statements';
import type { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';
import type { CallRanking } from '../services/ranking';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { InboxReader } from '../stores/inbox';
import { authenticate, type AuthOptions } from './auth';
import { openApiDocument } from './openapi';
import { registerCurricula } from './routes/curricula';
import { registerStatements } from './routes/statements';
import { registerCallRoutes } from './routes/calls';
import { registerCaseRoutes } from './routes/cases';
import { registerUploads } from './uploads';

const STATUS: Record<CaseErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unavailable: 503,
};

export interface ApiDeps {
  cases: CaseClient;
  calls: CallRegistry;
  /** The explained eligibility verdict for a student and a call (see services/eligibility.ts). */
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  /** A call's eligible applicants in the policy's ranking order (see services/ranking.ts). */
  ranking: (callId: string) => Promise<CallRanking>;
  /** Opens a case for the signed-in actor from the registrar's record (client/applications.ts). */
  openCase: (actor: Actor, body: unknown) => Promise<CaseView>;
  /** Whose access tokens the API accepts, and how their claims name the actor (api/auth.ts). */
  auth: AuthOptions;
  /** The local SMTP sink's inbox; absent when mail goes to a real relay. */
  inbox?: InboxReader;
  /** Curricula, partner catalogues and the equivalence register (see services/curricula.ts). */
  curricula?: CurriculaService;
  /** Individual curriculum, credit transfer and grant statements (see services/statements.ts). */
  statements?: Statements;
}

/**
 * The staff HTTP API: thin handlers over the case client, errors mapped to status codes. Everything but
 * /health and /openapi.json needs a signed-in caller (api/auth.ts); routes of other topics register inside
 * the authenticated scope below.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof CaseError) {
      if (err.kind === 'unavailable') void reply.header('retry-after', '5');
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

  app.get('/health', async () => ({ ok: true }));
  app.get('/openapi.json', async () => openApiDocument());
  await app.register(async (api) => {
    api.addHook('onRequest', authenticate(deps.auth));
    registerCaseRoutes(api, deps);
    await registerUploads(api, deps.cases, deps.cases.maxUploadBytes());
    registerCallRoutes(api, deps);
    if (deps.curricula) registerCurricula(api, deps.curricula);
    if (deps.statements) registerStatements(api, deps.statements);
  });
  return app;
}
