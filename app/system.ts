import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { CaseClient } from '../client/cases';
import { buildApi } from '../api/server';
import { fileInbox } from '../stores/inbox';
import { mountConsole } from './console';
import { codecCorsOrigins, encryptedDataConverter, payloadCodecFromConfig, startCodecServer } from './codec';
import { loadPolicy, type Config } from './config';
import { apiOrigins, identityFromConfig, type IdentityProvider } from './embedded/identity-provider';
import { startSmtpSink, type SmtpSink } from './embedded/smtp-sink';
import { temporalCliPath } from './embedded/temporal-binaries';
import { ensureSearchAttributes, startDevServer, type DevServer } from './embedded/temporal-dev-server';
import { consoleSignIn } from './sign-in';
import { staffServices } from './staff';
import { openStores, type Stores } from './stores';
import { createWorker, type WorkflowSource } from './worker';

export interface RunningSystem {
  temporalAddress: string;
  temporalUi: string | null;
  apiUrl: string;
  /** The codec endpoint: the UI decrypts through it, auditors pass it as `--codec-endpoint`. */
  codecEndpoint: string;
  /** Where the payload keys came from: PAYLOAD_KEYS, or the embedded default's key file. */
  payloadKeys: string;
  smtp: string;
  inboxDir: string | undefined;
  /** The issuer whose tokens the API accepts; `identity` is set when it is the embedded provider. */
  issuer: string;
  identity: IdentityProvider | undefined;
  /** The project's data: the database and the stores on it. */
  stores: Stores;
  cases: CaseClient;
  stop(): Promise<void>;
}

/**
 * The whole embedded system in one process: the codec endpoint, the Temporal dev server (unless
 * TEMPORAL_ADDRESS names one), the SMTP sink (unless mail goes to a relay), a worker and the staff API.
 * Client and worker encrypt every payload with the configured keys. Stops in reverse order.
 */
export async function startSystem(
  config: Config,
  opts: { workflows?: WorkflowSource; headless?: boolean; apiLogStream?: NodeJS.WritableStream } = {},
): Promise<RunningSystem> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error('stop failed:', err));
  };
  try {
    const policy = loadPolicy(config.POLICY_FILE);
    const { codec, keyring } = payloadCodecFromConfig(config);
    const codecServer = await startCodecServer({
      codec,
      host: config.CODEC_HOST,
      port: config.CODEC_PORT,
      corsOrigins: codecCorsOrigins(config.CODEC_CORS_ORIGINS, config.TEMPORAL_UI_PORT),
    });
    stops.push(() => codecServer.close());
    // This process owns the embedded database; the CLI and other processes reach it through its socket.
    const stores = await openStores(config, codec, { owner: true });
    stops.push(() => stores.close());
    let dev: DevServer | undefined;
    if (!config.TEMPORAL_ADDRESS) {
      const cliPath = temporalCliPath();
      if (!cliPath) {
        throw new Error(
          'no Temporal CLI: run scripts/install-temporal.sh, set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to a running server',
        );
      }
      dev = await startDevServer({
        cliPath,
        dataDir: config.DATA_DIR,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        headless: opts.headless,
        uiCodecEndpoint: codecServer.url,
      });
      stops.push(() => dev!.stop());
    }
    const address = config.TEMPORAL_ADDRESS ?? dev!.address;

    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);

    let sink: SmtpSink | undefined;
    const inboxDir = config.SMTP_EXTERNAL === 'true' ? undefined : join(config.DATA_DIR, 'inbox');
    if (inboxDir) {
      sink = await startSmtpSink({ host: config.SMTP_HOST, port: config.SMTP_PORT, inboxDir });
      stops.push(() => sink!.close());
    }

    const workerConnection = await NativeConnection.connect({ address });
    stops.push(() => workerConnection.close());
    const worker: Worker = await createWorker(config, workerConnection, stores, opts.workflows, codec);
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: encryptedDataConverter(codec),
    });
    const staff = staffServices(temporal, {
      taskQueue: config.TASK_QUEUE,
      policy,
      stores,
      actionWaitMs: config.ACTION_WAIT_SECONDS * 1000,
      ...(config.DEMO_DAY_SECONDS ? { dayMs: config.DEMO_DAY_SECONDS * 1000 } : {}),
    });
    const { cases } = staff;
    const { auth, provider: identity } = await identityFromConfig(config, apiOrigins(config));
    if (identity) stops.push(() => identity.stop());
    const api = await buildApi({
      ...staff,
      auth,
      log: { level: config.LOG_LEVEL.toLowerCase(), stream: opts.apiLogStream },
      ...(inboxDir ? { inbox: fileInbox(inboxDir) } : {}),
    });
    await mountConsole(api, {
      staff,
      records: stores.records,
      policy,
      sessionKey: config.CONSOLE_SESSION_KEY,
      signIn: consoleSignIn(config, auth),
    });
    const apiUrl = await api.listen({ host: config.API_HOST, port: config.API_PORT });
    stops.push(() => api.close());

    return {
      temporalAddress: address,
      temporalUi: dev?.uiUrl ?? null,
      apiUrl,
      codecEndpoint: codecServer.url,
      payloadKeys: keyring.source === 'PAYLOAD_KEYS' ? 'PAYLOAD_KEYS' : keyring.source.file,
      smtp: `${config.SMTP_HOST}:${sink?.port ?? config.SMTP_PORT}`,
      inboxDir,
      issuer: auth.issuer,
      identity,
      stores,
      cases,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
