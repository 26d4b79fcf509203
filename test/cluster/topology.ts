import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The cluster's own ports, away from the dev server's and the defaults of scripts/temporal-cluster.sh. */
export const CLUSTER_PORTS = {
  TEMPORAL_CLUSTER_PORT: '47233',
  TEMPORAL_CLUSTER_MEMBERSHIP_PORT: '27933',
  TEMPORAL_CLUSTER_PG_PORT: '45432',
};

/** What scripts/temporal-cluster.sh prints: where the server is and the project's database beside it. */
export interface ClusterEnv {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  DATABASE_URL: string;
}

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn('bash', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bash ${args.join(' ')} failed (${code}):\n${err}`);
  return out;
}

/** The real Temporal server on PostgreSQL in `dir`, as the script starts it; `stop` stops both. */
export async function startCluster(dir: string, shards: number) {
  const env = { ...process.env, ...CLUSTER_PORTS, TEMPORAL_CLUSTER_SHARDS: String(shards) };
  const out = await run(['scripts/temporal-cluster.sh', 'start', dir], env);
  const printed = Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as unknown as ClusterEnv;
  return {
    env: printed,
    stop: () => run(['scripts/temporal-cluster.sh', 'stop', dir], env),
  };
}

/** A process of the system (a worker, the API), its output in `logFile`; resolved once it prints `ready`. */
export interface SystemProcess {
  name: string;
  child: ChildProcess;
  /** The line that said it was ready. */
  readyLine: string;
  /** SIGTERM (an orderly stop) or SIGKILL (the crash); resolves when the process is gone. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export async function startProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  logFile: string,
): Promise<SystemProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const exited = once(child, 'exit');
  const readyLine = await new Promise<string>((resolveReady, reject) => {
    let seen = '';
    const onExit = (code: number | null) =>
      reject(new Error(`${name} exited (${code}) before it was ready; its log: ${logFile}`));
    child.once('exit', onExit);
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => ready.test(l));
      if (line) {
        child.off('exit', onExit);
        resolveReady(line);
      }
    });
  });
  return {
    name,
    child,
    readyLine,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      log.end();
    },
  };
}
