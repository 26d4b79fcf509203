import type { FastifyInstance } from 'fastify';
import type { CallRegistry } from '../../client/calls';
import { CaseError } from '../../client/errors';
import type { EligibilityVerdict } from '../../domain/eligibility';
import { rankingCsv, type CallRanking } from '../../services/ranking';
import { resultsPdf } from '../../services/call-results-pdf';
import type { AgreementStore } from '../../stores/agreements';
import type { InboxReader } from '../../stores/inbox';
import { actorOf } from '../auth';
import { assertStaff, withActor } from '../scope';

export interface CallRouteDeps {
  calls: CallRegistry;
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  ranking: (callId: string) => Promise<CallRanking>;
  agreements?: Pick<AgreementStore, 'list' | 'get'>;
  inbox?: InboxReader;
}

type CallParams = { Params: { callId: string } };

/**
 * Calls (open, act: close, override, publish, finalise, cancel, answer an offer; read, ranking, results as
 * JSON, CSV or PDF, history), partner agreements, eligibility and the local inbox; every one behind
 * `authenticate`. The actor is the signed-in one; the call's machine decides who may do what.
 */
export function registerCallRoutes(api: FastifyInstance, deps: CallRouteDeps): void {
  const { calls, eligibility, ranking, agreements, inbox } = deps;
  api.post('/calls', async (req, reply) =>
    reply.status(201).send(await calls.open(withActor(req.body, actorOf(req)))),
  );
  api.get('/calls', async (req) => calls.page(req.query));
  api.get<CallParams>('/calls/:callId', async (req) => calls.view(req.params.callId));
  api.post<CallParams>('/calls/:callId/actions', async (req) =>
    calls.act(req.params.callId, withActor(req.body, actorOf(req))),
  );
  api.get<CallParams>('/calls/:callId/ranking', async (req) => {
    assertStaff(actorOf(req), "a call's ranking (other students' grades)");
    return ranking(req.params.callId);
  });
  api.get<CallParams & { Querystring: { format?: 'json' | 'csv' | 'pdf' } }>(
    '/calls/:callId/results',
    async (req, reply) => {
      assertStaff(actorOf(req), "a call's results (other students' grades)");
      const { callId } = req.params;
      const results = await ranking(callId);
      const { format = 'json' } = req.query;
      if (format === 'json') return results;
      const file = `attachment; filename="${results.callId}-results.${format}"`;
      if (format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', file)
          .send(rankingCsv(results));
      const pdf = await resultsPdf(await calls.view(callId), results);
      return reply.type('application/pdf').header('content-disposition', file).send(Buffer.from(pdf));
    },
  );
  api.get<CallParams>('/calls/:callId/history', async (req) => {
    assertStaff(actorOf(req), "a call's history");
    return calls.history(req.params.callId);
  });
  if (agreements) {
    api.get('/agreements', async () => agreements.list());
    api.get<{ Params: { partnerId: string } }>('/agreements/:partnerId', async (req) => {
      const a = await agreements.get(req.params.partnerId);
      if (!a) throw new CaseError('notFound', `no agreement with partner ${req.params.partnerId}`);
      return a;
    });
  }
  api.post('/eligibility', async (req) => {
    const actor = actorOf(req);
    const studentId = (req.body as { studentId?: unknown } | null)?.studentId;
    if (actor.role === 'student' && studentId !== actor.id) {
      throw new CaseError(
        'forbidden',
        `a student asks about their own eligibility only (studentId ${actor.id})`,
      );
    }
    if (actor.role === 'partner') assertStaff(actor, "a student's eligibility");
    return eligibility(req.body);
  });
  api.get<{ Querystring: { to?: string; caseId?: string } }>('/inbox', async (req, reply) => {
    assertStaff(actorOf(req), "the local inbox (everyone's mail)");
    if (!inbox)
      return reply
        .status(404)
        .send({ error: 'notFound', message: 'no local inbox: mail goes to an SMTP relay' });
    return inbox({ to: req.query.to, caseId: req.query.caseId });
  });
}
