import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/harness';

const DIR = join(__dirname, '..', 'fixtures', 'histories');

/**
 * Every stored history, one per machine path, must replay on the current workflow code. A change that
 * breaks one needs `patched()` (DESIGN.md rule 7); record-histories.ts adds histories for new paths.
 */
test('stored case histories replay without nondeterminism', async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.binpb')).sort();
  expect(files.length).toBeGreaterThanOrEqual(10);
  const histories = await Promise.all(
    files.map(async (f) => ({
      workflowId: f.replace('.binpb', ''),
      history: temporal.api.history.v1.History.decode(await readFile(join(DIR, f))),
    })),
  );
  const results: { workflowId: string; error: string | undefined }[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    results.push({ workflowId: r.workflowId, error: r.error ? String(r.error) : undefined });
  }
  expect(results).toEqual(files.map((f) => ({ workflowId: f.replace('.binpb', ''), error: undefined })));
});
