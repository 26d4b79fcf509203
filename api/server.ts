import Fastify, { type FastifyInstance } from 'fastify';
import type { CaseClient } from '../client/cases';
import type { IncomingClient } from '../client/incoming';
import type { CallRegistry } from '../client/calls';
import type { CurriculaService } from '../services/curricula';
import type { Statements } from '../services/statements';
import type { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';
import type { CallRanking } from '../services/ranking';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { InboxReader } from '../stores/inbox';
import type { OutboxStore } from '../stores/outbox';
import { authenticate, type AuthOptions } from './auth';
import { registerDocs, useContracts } from './docs';
import { apiErrorHandler } from './errors';
import { loggerOptions, type ApiLogOptions } from './logging';
import { registerCurricula } from './routes/curricula';
import { registerStatements } from './routes/statements';
import { registerCallRoutes } from './routes/calls';
import { registerCaseRoutes } from './routes/cases';
import { registerIncomingRoutes } from './routes/incoming';
import { registerUploads } from './uploads';
import type { AgreementStore } from '../stores/agreements';
import type { DocumentStore } from '../stores/documents';

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
  /** Request logs (api/logging.ts); none when absent. */
  log?: ApiLogOptions;
  /** The partner agreements, listed read-only. */
  agreements?: Pick<AgreementStore, 'list' | 'get'>;
  /** The delivery record of every message (stores/outbox.ts): a case's messages are read from it. */
  outbox?: Pick<OutboxStore, 'byCase'>;
  /** The stored documents: an incoming case's invitation letter and transcript are read from it. */
  documents?: Pick<DocumentStore, 'get'>;
  /** The local SMTP sink's inbox; absent when mail goes to a real relay. */
  inbox?: InboxReader;
  /** Curricula, partner catalogues and the equivalence register (see services/curricula.ts). */
  curricula?: CurriculaService;
  /** Individual curriculum, credit transfer and grant statements (see services/statements.ts). */
  statements?: Statements;
  /** Incoming mobility: nominations and the incoming cases (client/incoming.ts). */
  incoming?: IncomingClient;
}

/**
 * The staff HTTP API: thin handlers over the case client, errors mapped to status codes (api/errors.ts).
 * Every route has its contract in api/contracts.ts (validated requests, /openapi.json, /docs). Everything
 * but /health and /openapi.json needs a signed-in caller (api/auth.ts); routes of other topics register
 * inside the authenticated scope below.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ ...loggerOptions(deps.log), bodyLimit: 64 * 1024 });
  // The id of the request's log lines, for a caller reporting a problem.
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });

  app.setErrorHandler(apiErrorHandler);
  await registerDocs(app, deps.auth.issuer);
  await app.register(async (api) => {
    useContracts(api);
    api.get('/health', async () => ({ ok: true }));
    api.get('/openapi.json', async () => app.swagger());
    await api.register(async (authed) => {
      authed.addHook('onRequest', authenticate(deps.auth));
      registerCaseRoutes(authed, deps);
      await registerUploads(authed, deps.cases, deps.cases.maxUploadBytes());
      registerCallRoutes(authed, deps);
      if (deps.curricula) registerCurricula(authed, deps.curricula);
      if (deps.statements) registerStatements(authed, deps.statements);
      if (deps.incoming) registerIncomingRoutes(authed, deps.incoming, deps.cases.maxUploadBytes(), deps);
    });
  });
  return app;
}
