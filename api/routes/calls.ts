import type { FastifyInstance } from 'fastify';
import type { CallRegistry } from '../../client/calls';
import { CaseError } from '../../client/errors';
import type { EligibilityVerdict } from '../../domain/eligibility';
import type { CallRanking } from '../../services/ranking';
import type { InboxReader } from '../../stores/inbox';
import { actorOf } from '../auth';
import { assertStaff, withActor } from '../scope';

export interface CallRouteDeps {
  calls: CallRegistry;
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  ranking: (callId: string) => Promise<CallRanking>;
  inbox?: InboxReader;
}

/** Calls, rankings, eligibility and the local inbox; every one behind `authenticate`. */
export function registerCallRoutes(api: FastifyInstance, deps: CallRouteDeps): void {
  const { calls, eligibility, ranking, inbox } = deps;
  api.post('/calls', async (req, reply) =>
    reply.status(201).send(await calls.open(withActor(req.body, actorOf(req)))),
  );
  api.get('/calls', async () => calls.list());
  api.get<{ Params: { callId: string } }>('/calls/:callId', async (req) => {
    const call = await calls.get(req.params.callId);
    if (!call) throw new CaseError('notFound', `no call ${req.params.callId}`);
    return call;
  });
  api.get<{ Params: { callId: string } }>('/calls/:callId/ranking', async (req) => {
    assertStaff(actorOf(req), "a call's ranking (other students' grades)");
    return ranking(req.params.callId);
  });
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
