import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { executableOption, temporalCliPath } from '../../app/embedded/temporal-binaries';
import { CaseError } from '../../client/errors';
import { IncomingClient } from '../../client/incoming';
import type { Actor } from '../../domain/actor';
import { incomingAuditQuery } from '../../workflows/incoming-case/messages';
import { harnessDataConverter, workflowBundle } from '../helpers/harness';
import { nomination, POLICY } from './support';

const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };

test('an incoming case whose worker is down: the action is refused as unavailable within its wait, and is not applied when the worker returns', async () => {
  // The dev server on real time: the case's clock and the caller's agree, as in production.
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: executableOption(temporalCliPath()), ip: '127.0.0.1' },
    client: { dataConverter: harnessDataConverter },
  });
  const taskQueue = `incoming-unavailable-${Date.now()}`;
  // No activities: the nomination's mail waits in its activity task, which is not what this test is about.
  const startWorker = async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: harnessDataConverter,
    });
    return { worker, running: worker.run() };
  };
  try {
    const client = new IncomingClient(env.client, {
      taskQueue,
      policy: POLICY,
      searchAttributes: false,
      actionWaitMs: 2_000,
    });
    let up = await startWorker();
    const { caseId } = await client.nominate(nomination());
    const handle = env.client.workflow.getHandle(caseId);
    const auditBefore = await handle.query(incomingAuditQuery);
    up.worker.shutdown();
    await up.running;

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
      const patient = new IncomingClient(env.client, { taskQueue, policy: POLICY, actionWaitMs: 120_000 });
      const taken = await patient.act(caseId, { type: 'SEND_DISCIPLINES_LIST', actor: DI });
      expect(taken.stage).toBe('application');
      const audit = await handle.query(incomingAuditQuery);
      expect(audit.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(audit.slice(auditBefore.length).map((e) => e.event)).toEqual(['SEND_DISCIPLINES_LIST']);
    } finally {
      up.worker.shutdown();
      await up.running;
    }
  } finally {
    await env.teardown();
  }
}, 180_000);
