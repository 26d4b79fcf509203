import { Client, Connection } from '@temporalio/client';
import { staffServices } from './staff';
import { encryptedDataConverter, payloadCodecFromConfig } from './codec';
import { loadConfig, loadPolicy } from './config';
import { apiOrigins, identityFromConfig } from './embedded/identity-provider';
import { buildApi } from '../api/server';
import { openStores } from './stores';

/** The staff API on its own, for deployments that run it apart from the workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS: required for a stand-alone API');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const policy = loadPolicy(config.POLICY_FILE);
  const { codec } = payloadCodecFromConfig(config);
  const dataConverter = encryptedDataConverter(codec);
  // A deployment names the university's identity provider (OIDC_ISSUER); unset, the embedded one runs here.
  const { auth, provider } = await identityFromConfig(config, apiOrigins(config));
  // At scale: DATABASE_URL (PostgreSQL) and DOCUMENTS_URL (an S3 bucket), shared with the workers.
  const stores = await openStores(config, codec, { owner: !config.DATABASE_URL });
  const services = staffServices(
    new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
    {
      taskQueue: config.TASK_QUEUE,
      policy,
      stores,
      actionWaitMs: config.ACTION_WAIT_SECONDS * 1000,
      ...(config.DEMO_DAY_SECONDS ? { dayMs: config.DEMO_DAY_SECONDS * 1000 } : {}),
    },
  );
  const app = await buildApi({ ...services, auth, log: { level: config.LOG_LEVEL.toLowerCase() } });
  const url = await app.listen({ host: config.API_HOST, port: config.API_PORT });
  console.log(`staff API at ${url}, accepting tokens of ${auth.issuer}`);
  const stop = () => {
    app
      .close()
      .then(() => provider?.stop())
      .then(() => stores.close())
      .then(() => connection.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
