import { createServer } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStudentRecordStore, studentRecordsFile } from '../../stores/student-records';
import { createCallRegistry } from '../../services/calls';
import { callsFile, createFileCallStore } from '../../stores/calls';
import { startSystem } from '../../app/system';
import { loadConfig, type Config } from '../../app/config';
import { alwaysOpenPolicy } from './fixtures';
import { applicants, workflowBundle } from './harness';
import { isUpload, documentBytes, type Step } from './paths';

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

/**
 * A configuration of the embedded system on free ports and a fresh data folder, as `npm start` reads it,
 * with the always-open policy written into the folder so that cases can be submitted on any day.
 */
export async function testConfig(dataDir?: string): Promise<Config> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'mobility-e2e-')));
  const policyFile = join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(alwaysOpenPolicy, null, 2));
  return loadConfig({
    DATA_DIR: dir,
    POLICY_FILE: policyFile,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    SMTP_PORT: String(await freePort()),
    CODEC_PORT: '0',
    TASK_QUEUE: `cases-${Date.now()}`,
  });
}

/** The real system (dev server on SQLite, SMTP sink, worker, API), headless, with the shared bundle. */
export async function startTestSystem(config: Config) {
  return startSystem(config, { workflows: { workflowBundle: await workflowBundle() }, headless: true });
}

/** Applicants of the live calls, in the system's data folder: its registrar records and its calls. */
export function systemApplicants(config: Config) {
  return applicants(
    createFileStudentRecordStore({ file: studentRecordsFile(config.DATA_DIR) }),
    createCallRegistry({
      store: createFileCallStore({ file: callsFile(config.DATA_DIR) }),
      policy: alwaysOpenPolicy,
    }),
    async () => Date.now(),
  );
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
  /** A multipart upload, as a browser form sends it. */
  const upload = async (
    path: string,
    fields: Record<string, string>,
    bytes: Uint8Array,
    fileName: string,
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([bytes]), fileName);
    const res = await fetch(baseUrl + path, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    upload,
  };
}

/** Takes a case through `steps` over HTTP; every response must be a success. */
export async function driveHttp(http: ReturnType<typeof api>, caseId: string, steps: Step[]): Promise<void> {
  for (const s of steps) {
    const res = isUpload(s)
      ? await http.upload(
          `/cases/${caseId}/documents`,
          {
            kind: s.upload,
            actorId: s.actor.id,
            actorRole: s.actor.role,
            ...Object.fromEntries(Object.entries(s.fields ?? {}).map(([k, v]) => [k, String(v)])),
          },
          await documentBytes(s.upload),
          `${s.upload}.bin`,
        )
      : await http.post(`/cases/${caseId}/actions`, s);
    const what = isUpload(s) ? s.upload : s.type;
    expect({ step: what, status: res.status < 300 ? 'ok' : res.body }).toEqual({ step: what, status: 'ok' });
  }
}
