import type { FastifyInstance } from 'fastify';
import type { CaseClient } from '../../client/cases';
import { CaseError } from '../../client/errors';
import type { Actor } from '../../domain/actor';
import type { CaseView } from '../../domain/case-view';
import { caseMessages } from '../../services/case-messages';
import { creditTransferStatement } from '../../services/credit-statement';
import type { DocumentStore } from '../../stores/documents';
import type { OutboxStore } from '../../stores/outbox';
import { actorOf } from '../auth';
import { assertMayRead, scopedFilter, withActor } from '../scope';

type CaseParams = { Params: { caseId: string } };

/** Which allowed action says the case awaits a partner's document of this kind. */
const AWAITED_BY = { invitationLetter: 'RECORD_INVITATION_LETTER', transcript: 'RECORD_PARTNER_TRANSCRIPT' };

/** The case routes; every one behind `authenticate`, the actor from the token. */
export function registerCaseRoutes(
  api: FastifyInstance,
  deps: {
    cases: CaseClient;
    openCase: (actor: Actor, body: unknown) => Promise<CaseView>;
    outbox?: Pick<OutboxStore, 'byCase'>;
    documents?: Pick<DocumentStore, 'get'>;
  },
): void {
  const { cases, outbox, documents } = deps;
  const readable = async (actor: Actor, caseId: string) => {
    const view = await cases.get(caseId);
    assertMayRead(actor, view);
    return view;
  };
  api.post('/cases', async (req, reply) =>
    reply.status(201).send(await deps.openCase(actorOf(req), req.body)),
  );
  api.get('/cases', async (req) => cases.page(scopedFilter(actorOf(req), req.query)));
  api.get<CaseParams>('/cases/:caseId', async (req) => readable(actorOf(req), req.params.caseId));
  api.post<CaseParams>('/cases/:caseId/actions', async (req) =>
    cases.act(req.params.caseId, withActor(req.body, actorOf(req))),
  );
  api.get<CaseParams>('/cases/:caseId/history', async (req) => {
    await readable(actorOf(req), req.params.caseId);
    return cases.history(req.params.caseId);
  });
  if (outbox) {
    api.get<CaseParams>('/cases/:caseId/messages', async (req) => {
      const actor = actorOf(req);
      const view = await readable(actor, req.params.caseId);
      const { email } = (view.context as { student: { email: string } }).student;
      const sources = { upcoming: (id: string) => cases.upcoming(id), outbox };
      return caseMessages(sources, actor, { caseId: view.caseId, studentEmail: email });
    });
  }
  if (documents) {
    api.get<CaseParams>('/cases/:caseId/credit-transfer-statement', async (req, reply) => {
      const view = await readable(actorOf(req), req.params.caseId);
      const { name, bytes } = await creditTransferStatement(documents, view);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(bytes);
    });
  }
  // Facts from outside: only the signed-in partner the case is nominated to, and only a document the case
  // awaits now, so nobody else can append to a case's history through this door.
  api.post<CaseParams>('/cases/:caseId/partner-documents', async (req, reply) => {
    const actor = actorOf(req);
    if (actor.role !== 'partner') {
      throw new CaseError(
        'forbidden',
        "a partner's documents come from the partner's own system (its client-credentials token)",
      );
    }
    // The contract (api/contracts.ts) has checked the kind and refused a partnerId: the partner is the token's.
    const { kind } = req.body as { kind: keyof typeof AWAITED_BY };
    const doc = { kind, partnerId: actor.id };
    const view = await readable(actor, req.params.caseId);
    const awaited = view.allowedActions.some(
      (a) => a.type === AWAITED_BY[kind] && a.roles.includes('partner'),
    );
    if (!awaited) {
      throw new CaseError(
        'conflict',
        `case ${view.caseId} awaits no ${kind} now (stage ${view.stage}); nothing was recorded`,
      );
    }
    await cases.partnerDocument(req.params.caseId, doc);
    return reply.status(202).send({ delivered: true });
  });
}
