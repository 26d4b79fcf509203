import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { executableOption, temporalCliPath } from '../../app/embedded/temporal-binaries';
import { harnessDataConverter, workflowBundle } from './harness';

/** The dev server on real time: the case's clock and the caller's agree, as in production. */
export function startRealTimeServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: executableOption(temporalCliPath()), ip: '127.0.0.1' },
    client: { dataConverter: harnessDataConverter },
  });
}

/**
 * A worker of the case workflows alone on `taskQueue`, which a test stops and starts again to make a case's
 * worker unavailable: cases open and answer queries, and their activity tasks wait, unrun.
 */
export async function startWorkflowWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
): Promise<{ stop: () => Promise<void> }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    dataConverter: harnessDataConverter,
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}
