import { setTimeout as delay } from 'node:timers/promises';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { actUpdate } from '../workflows/outgoing-case/messages';
import { executableOption, temporalTestServerPath } from '../app/embedded/temporal-binaries';
import { as, liveCaseInput, liveRecord } from '../test/helpers/fixtures';

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await delay(200);
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Memory per cached workflow: heap growth while `count` open cases sit in the worker's cache, against the
 * same number of idle workflows in the same run (the SDK's own per-workflow cost).
 */
export async function benchMemory(count: number) {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(temporalTestServerPath()) },
  });
  try {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      logger: silent,
    });
    const measure = async (kind: 'idle' | 'case') => {
      const taskQueue = `bench-${kind}-${Date.now()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        maxCachedWorkflows: count + 10,
        // Workflows run on this thread, so this process's heap holds them and can be measured.
        debugMode: true,
        activities: {
          sendNotification: async () => ({ messageId: 'bench', alreadySent: true }),
          readStudentRecord: async (id: string) => liveRecord(id, 'state_grant'),
        },
      });
      return worker.runUntil(async () => {
        const before = await settledRss();
        const t0 = Date.now();
        for (let i = 0; i < count; i++) {
          const input = liveCaseInput('mshe', { studentId: `B${kind}${i}` });
          const handle =
            kind === 'case'
              ? await env.client.workflow.start('outgoingCaseWorkflow', {
                  taskQueue,
                  workflowId: `${taskQueue}-${i}`,
                  args: [input],
                })
              : await env.client.workflow.start('idleWorkflow', {
                  taskQueue,
                  workflowId: `${taskQueue}-${i}`,
                });
          await handle.executeUpdate(actUpdate, {
            args: [{ type: 'SUBMIT_APPLICATION', actor: as.student }],
          });
        }
        const seconds = (Date.now() - t0) / 1000;
        const after = await settledRss();
        return {
          kib: Math.round((after - before) / count / 1024),
          startsPerSecond: Math.round(count / seconds),
        };
      });
    };
    const idle = await measure('idle');
    const kase = await measure('case');
    return {
      cachedWorkflows: count,
      idleKiBPerWorkflow: idle.kib,
      caseKiBPerWorkflow: kase.kib,
      caseOverIdleKiB: kase.kib - idle.kib,
      caseStartsAndUpdatesPerSecond: kase.startsPerSecond,
      idleStartsAndUpdatesPerSecond: idle.startsPerSecond,
    };
  } finally {
    await env.teardown();
  }
}
