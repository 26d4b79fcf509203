import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * The only address the embedded dev server listens on: its gRPC frontend takes any command from anyone who
 * reaches it (no TLS, no authorizer), so it must never be reachable from another machine. A deployment
 * runs a real cluster instead (README "Deploying at scale": mTLS, an authorizer, no public gRPC port).
 */
export const DEV_SERVER_IP = '127.0.0.1';

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  headless?: boolean;
  /** The codec endpoint the UI decodes payloads through (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` on a SQLite file under `dataDir`, so cases survive a restart, and
 * waits until it answers; frontend and Web UI on loopback only. Its log goes to `dataDir/temporal.log`.
 */
export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const ip = DEV_SERVER_IP;
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logPath = join(dataDir, 'temporal.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    join(dataDir, 'temporal.sqlite'),
    '--ip',
    ip,
    '--port',
    String(o.port),
    '--namespace',
    o.namespace,
    '--log-level',
    'warn',
    ...(o.headless ? ['--headless'] : ['--ui-ip', ip, '--ui-port', String(o.uiPort)]),
    ...(!o.headless && o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : []),
  ];
  // Its own process group, so Ctrl-C reaches us first and we stop the server after the worker.
  const child = spawn(o.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const address = `${ip}:${o.port}`;
  const server: DevServer = {
    address,
    uiUrl: o.headless ? null : `http://${ip}:${o.uiPort}`,
    stop: () =>
      stopProcess(child).finally(() => {
        process.off('exit', killOnExit);
        log.end();
      }),
  };
  try {
    await waitUntilServing(address, child, logPath);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function waitUntilServing(address: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) {
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(
        `temporal dev server exited during start-up (is port ${address} in use?). Log:\n${tail}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`temporal dev server at ${address} did not answer in 60 s: ${String(err)}`);
      await delay(250);
    }
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timeout = delay(10_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Registers the case search attributes that the namespace lacks. Needed at every start: the dev server
 * only registers `--search-attribute` flags when it creates its database.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!]),
    ),
  });
}
