import type { FastifyInstance } from 'fastify';
import type { CurriculaService, ImportOutcome } from '../../services/curricula';
import { actorOf } from '../auth';
import { withActor } from '../scope';

const IMPORT_LIMIT = 4 * 1024 * 1024;

/** A refused import: 400, every bad row by line and column, nothing loaded. */
const answer = (outcome: ImportOutcome, reply: { status(n: number): { send(b: unknown): unknown } }) =>
  outcome.ok
    ? reply.status(201).send(outcome)
    : reply.status(400).send({
        error: 'invalid',
        message: `nothing loaded: ${outcome.errors.length} problem(s); ${outcome.errors
          .slice(0, 5)
          .map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`)
          .join('; ')}`,
        details: { rows: outcome.errors },
      });

/**
 * Curricula: `POST /curricula/kbtu` and `POST /curricula/partners/{partnerId}/catalogue` take
 * `{ content, fileName?, format? }` (the file's text, CSV or JSON; the actor is the signed-in one); reads by programme and
 * semester, by partner, and the equivalence register's suggestions.
 */
export function registerCurricula(app: FastifyInstance, curricula: CurriculaService): void {
  type Partner = { Params: { partnerId: string } };
  type Semester = { Params: { programme: string; semester: number } };
  app.post('/curricula/kbtu', { bodyLimit: IMPORT_LIMIT }, async (req, reply) =>
    answer(await curricula.importKbtu(withActor(req.body, actorOf(req))), reply),
  );
  app.post<Partner>(
    '/curricula/partners/:partnerId/catalogue',
    { bodyLimit: IMPORT_LIMIT },
    async (req, reply) =>
      answer(await curricula.importCatalogue(req.params.partnerId, withActor(req.body, actorOf(req))), reply),
  );
  app.get<Semester>('/curricula/kbtu/:programme/:semester', async (req) =>
    curricula.semester(req.params.programme, req.params.semester),
  );
  app.get<Partner>('/curricula/partners/:partnerId/catalogue', async (req) =>
    curricula.catalogue(req.params.partnerId),
  );
  app.get<Partner>('/curricula/partners/:partnerId/equivalences', async (req) =>
    curricula.equivalences(req.params.partnerId),
  );
  app.get<Partner & { Querystring: { programme: string; semester: number } }>(
    '/curricula/partners/:partnerId/suggestions',
    async (req) => curricula.suggestions(req.params.partnerId, req.query.programme, req.query.semester),
  );
}
