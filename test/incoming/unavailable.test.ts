import { CaseError } from '../../client/errors';
import { IncomingClient } from '../../client/incoming';
import type { Actor } from '../../domain/actor';
import { incomingAuditQuery } from '../../workflows/incoming-case/messages';
import { startRealTimeServer, startWorkflowWorker } from '../helpers/real-time';
import { nomination, POLICY, SEED_AGREEMENTS } from './support';

const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };

test('an incoming case whose worker is down: the action is refused as unavailable within its wait, and is not applied when the worker returns', async () => {
  const env = await startRealTimeServer();
  const taskQueue = `incoming-unavailable-${Date.now()}`;
  const startWorker = () => startWorkflowWorker(env, taskQueue);
  try {
    const client = new IncomingClient(env.client, {
      taskQueue,
      policy: POLICY,
      agreements: SEED_AGREEMENTS,
      searchAttributes: false,
      actionWaitMs: 2_000,
    });
    let up = await startWorker();
    const { caseId } = await client.nominate(nomination());
    const handle = env.client.workflow.getHandle(caseId);
    const auditBefore = await handle.query(incomingAuditQuery);
    await up.stop();

    const refused = await client
      .act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaseError);
    expect(refused).toMatchObject({ kind: 'unavailable' });
    expect((refused as CaseError).message).toContain('will not be');

    up = await startWorker();
    try {
      // The same action again, now taken: had the abandoned one been kept and applied when the worker
      // returned, the case would have left the nomination and this one would be refused.
      // A caller that waits longer: the returned worker first replays the case, which takes seconds here.
      const patient = new IncomingClient(env.client, {
        taskQueue,
        policy: POLICY,
        agreements: SEED_AGREEMENTS,
        actionWaitMs: 120_000,
      });
      const taken = await patient.act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI });
      expect(taken.stage).toBe('application');
      const audit = await handle.query(incomingAuditQuery);
      expect(audit.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(audit.slice(auditBefore.length).map((e) => e.event)).toEqual(['SEND_DISCIPLINES_LIST']);
    } finally {
      await up.stop();
    }
  } finally {
    await env.teardown();
  }
}, 180_000);
