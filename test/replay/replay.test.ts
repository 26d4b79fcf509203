import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowsPath } from '../../app/worker';
import { harnessDataConverter, workflowBundle } from '../helpers/harness';

const DIR = join(__dirname, '..', 'fixtures', 'histories');

async function storedHistories() {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.binpb')).sort();
  return Promise.all(
    files.map(async (f) => ({
      workflowId: f.replace('.binpb', ''),
      history: temporal.api.history.v1.History.decode(await readFile(join(DIR, f))),
    })),
  );
}

async function replay(bundle: WorkflowBundleWithSourceMap) {
  const results: { workflowId: string; error: string | undefined }[] = [];
  // Histories recorded through the harness are encrypted with its key; the older ones are in clear.
  const options = { workflowBundle: bundle, dataConverter: harnessDataConverter };
  for await (const r of Worker.runReplayHistories(options, await storedHistories())) {
    results.push({ workflowId: r.workflowId, error: r.error ? String(r.error) : undefined });
  }
  return results;
}

/**
 * Every stored history, one per machine path, must replay on the current workflow code. A change that
 * breaks one needs `patched()` or a new machine version (README, "Cases outlive code");
 * record-histories.ts adds histories for new paths.
 */
test('stored case histories replay without nondeterminism', async () => {
  const histories = await storedHistories();
  expect(histories.length).toBeGreaterThanOrEqual(77);
  expect(await replay(await workflowBundle())).toEqual(
    histories.map(({ workflowId }) => ({ workflowId, error: undefined })),
  );
});

/**
 * The replay is a real guard: the same code with one transition changed and no version gate (a submitted
 * application goes straight to the competition, so the registrar's record is never read) fails every
 * stored history that submits an application: all of them but the runs after a continue-as-new
 * (`.run2`), which start at departure, long past the changed transition. Calls and incoming cases run
 * other machines, which the change does not touch.
 */
test('an unguarded change to a transition fails the replay of every stored history', async () => {
  const broken = await bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
    webpackConfigHook: (config) => {
      config.module?.rules?.push({
        test: /machines[\\/]outgoing-case[\\/]stages[\\/]application\.ts$/,
        enforce: 'pre',
        use: [
          {
            loader: join(__dirname, 'support', 'edit-loader.js'),
            options: { from: "target: 'eligibilityReview'", to: "target: 'competition'" },
          },
        ],
      });
      return config;
    },
  });
  const outgoing = (id: string) => !/\.run[2-9]$|call-|^incoming-/.test(id);
  const results = (await replay(broken)).filter((r) => outgoing(r.workflowId));
  expect(results.length).toBeGreaterThanOrEqual(52);
  expect(results.filter((r) => !r.error?.includes('Nondeterminism')).map((r) => r.workflowId)).toEqual([]);
});
