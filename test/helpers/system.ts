import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { callRegistry, curriculaOn } from '../../app/staff';
import { startSystem, type RunningSystem } from '../../app/system';
import { loadConfig, type Config } from '../../app/config';
import { authedApi } from './auth';
import { importSeedCurricula } from './curricula';
import { alwaysOpenPolicy } from './fixtures';
import { applicants, workflowBundle } from './harness';
import { isUpload, documentBytes, type Step } from './paths';
import { freePort } from './ports';

export { freePort };

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
    IDP_PORT: String(await freePort()),
    CODEC_PORT: '0',
    TASK_QUEUE: `cases-${Date.now()}`,
  });
}

/** The real system (dev server on SQLite, SMTP sink, worker, API), headless, with the shared bundle. */
export async function startTestSystem(config: Config, opts: { apiLogStream?: NodeJS.WritableStream } = {}) {
  const system = await startSystem(config, {
    workflows: { workflowBundle: await workflowBundle() },
    headless: true,
    ...opts,
  });
  // Every case path plans its curriculum on the seed curricula, as README tour step 8 imports them.
  await importSeedCurricula(curriculaOn(system.stores));
  return system;
}

/** Applicants of the live calls, in the system's data: its registrar records and its call workflows. */
export function systemApplicants(
  config: Config,
  system: Pick<RunningSystem, 'stores'> & { cases: { temporal: Client } },
) {
  return applicants(
    system.stores.records,
    callRegistry(system.cases.temporal, {
      taskQueue: config.TASK_QUEUE,
      policy: alwaysOpenPolicy,
      agreements: system.stores.agreements,
    }),
    async () => Date.now(),
  );
}

/** A JSON client for the staff API of a running test system, signed in as each acting person. */
export function api(system: Pick<RunningSystem, 'apiUrl' | 'issuer'>, config: Pick<Config, 'DATA_DIR'>) {
  return authedApi(system.apiUrl, { issuer: system.issuer, dataDir: config.DATA_DIR });
}

/** Takes a case through `steps` over HTTP; every response must be a success. */
export async function driveHttp(http: ReturnType<typeof api>, caseId: string, steps: Step[]): Promise<void> {
  for (const s of steps) {
    const res = isUpload(s)
      ? await http.upload(
          `/cases/${caseId}/documents`,
          {
            kind: s.upload,
            ...Object.fromEntries(Object.entries(s.fields ?? {}).map(([k, v]) => [k, String(v)])),
          },
          await documentBytes(s.upload),
          `${s.upload}.bin`,
          s.actor,
        )
      : await http.post(`/cases/${caseId}/actions`, s);
    const what = isUpload(s) ? s.upload : s.type;
    expect({ step: what, status: res.status < 300 ? 'ok' : res.body }).toEqual({ step: what, status: 'ok' });
  }
}
