import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem } from '../../services/system';
import { loadConfig, type Config } from '../../workers/config';
import { workflowBundle } from './harness';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A configuration of the embedded system on free ports and a fresh data folder, as `npm start` reads it. */
export async function testConfig(dataDir?: string): Promise<Config> {
  return loadConfig({
    DATA_DIR: dataDir ?? (await mkdtemp(join(tmpdir(), 'mobility-e2e-'))),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    SMTP_PORT: String(await freePort()),
    TASK_QUEUE: `cases-${Date.now()}`,
  });
}

/** The real system (dev server on SQLite, SMTP sink, worker, API), headless, with the shared bundle. */
export async function startTestSystem(config: Config) {
  return startSystem(config, { workflows: { workflowBundle: await workflowBundle() }, headless: true });
}

/** A small JSON client for the staff API. */
export function api(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
  };
}
