import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { payloadCodecFromConfig } from './codec';
import { openStores } from './stores';
import { createWorker, workerTuning } from './worker';

/** A worker process on its own, for deployments that scale workers horizontally on the task queue. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS: required for a stand-alone worker');
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const { codec } = payloadCodecFromConfig(config);
  // Several workers share DATABASE_URL; without it, the first process to start owns the embedded one.
  const stores = await openStores(config, codec);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await createWorker(config, connection, stores, undefined, codec);
    console.log(
      `worker on task queue ${config.TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}, tuning ${JSON.stringify(workerTuning(config))}`,
    );
    await worker.run();
  } finally {
    await connection.close();
    await stores.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
