import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;

/** A stored history is never overwritten: a new version records under a new prefix. */
export async function alreadyStored(dir: string, name: string): Promise<boolean> {
  return (await readdir(dir)).some((f) => f === `${name}.binpb` || f.startsWith(`${name}.run`));
}

/** Every run of a workflow from its first on, following its continues-as-new. */
export async function runsOf(client: Client, workflowId: string) {
  const described = await client.workflow.getHandle(workflowId).describe();
  const runs: temporal.api.history.v1.IHistory[] = [];
  for (let id = described.raw.workflowExecutionInfo?.firstRunId ?? described.runId; ;) {
    const history = await client.workflow.getHandle(workflowId, id).fetchHistory();
    runs.push(history);
    const last = history.events?.at(-1);
    if (last?.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) return runs;
    id = last.workflowExecutionContinuedAsNewEventAttributes!.newExecutionRunId!;
  }
}

/** One file per run (`<name>.run1`, `.run2`, ...), each replayed on its own from the input it started with. */
export async function writeRuns(dir: string, name: string, runs: temporal.api.history.v1.IHistory[]) {
  for (const [i, history] of runs.entries()) {
    const file = runs.length === 1 ? `${name}.binpb` : `${name}.run${i + 1}.binpb`;
    // Binary protobuf: the JSON helpers trip over two copies of protobufjs in the SDK's dependencies.
    await writeFile(join(dir, file), temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${file}: ${history.events?.length} events`);
  }
}
