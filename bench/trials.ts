import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { EmailActivities } from '../activities/email/activities';
import type { StudentRecordActivities } from '../activities/student-records/activities';
import type { CaseClient } from '../client/cases';
import type { OpenCaseRequest } from '../domain/case';
import { liveRecord } from '../test/helpers/fixtures';
import { isUpload, type Upload } from '../test/helpers/paths';
import { appendUpdate, bareWorkflow } from './bare-workflow';
import { STUDY_BASIS, type Bench } from './setup';

export type History = temporal.api.history.v1.IHistory;

let serial = 0;
const nextId = (what: string) => `bench-${what}-${Date.now().toString(36)}-${++serial}`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await f();
  return [value, performance.now() - t0];
}

/** An action over HTTP, signed in as the event's actor (its token fetched before the timing starts). */
async function postAction(b: Bench, caseId: string, event: unknown): Promise<void> {
  const res = await b.http.post(`/cases/${caseId}/actions`, event);
  if (res.status >= 300) {
    throw new Error(`POST /cases/${caseId}/actions: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

function startBare(b: Bench, taskQueue = b.bareQueue) {
  return b.temporal.workflow.start(bareWorkflow, { taskQueue, workflowId: nextId('bare') });
}

/**
 * One staff action at a time, in lockstep: for each action of the happy path, the same action on a case
 * through `CaseClient.act`, on a second case through `POST /cases/{id}/actions`, and the same event as a
 * bare `executeUpdate`, in an order that rotates from one action to the next. Uploads move both cases on
 * and are not timed. Returns the milliseconds of each call.
 */
export async function actionLatency(b: Bench) {
  const open = async () => {
    const request = await b.request();
    return { caseId: (await b.cases.open(request)).caseId, steps: b.stepsOf(request) };
  };
  const viaClient = await open();
  const viaHttp = await open();
  for (const s of viaHttp.steps) await b.http.tokenFor(s.actor);
  const bare = await startBare(b);
  const ms = { client: [] as number[], http: [] as number[], bare: [] as number[] };
  let turn = 0;
  for (const [i, s] of b.steps.entries()) {
    if (isUpload(s)) {
      await b.upload(b.cases, viaClient.caseId, viaClient.steps[i] as Upload);
      await b.upload(b.cases, viaHttp.caseId, viaHttp.steps[i] as Upload);
      continue;
    }
    const calls: [keyof typeof ms, () => Promise<unknown>][] = [
      ['client', () => b.cases.act(viaClient.caseId, viaClient.steps[i])],
      ['http', () => postAction(b, viaHttp.caseId, viaHttp.steps[i])],
      ['bare', () => bare.executeUpdate(appendUpdate, { args: [s] })],
    ];
    const order = [...calls.slice(turn % 3), ...calls.slice(0, turn % 3)];
    turn++;
    for (const [kind, call] of order) ms[kind].push((await timed(call))[1]);
  }
  await bare.executeUpdate(appendUpdate, { args: [null, true] });
  await Promise.all([bare.result(), caseResult(b, viaClient.caseId), caseResult(b, viaHttp.caseId)]);
  return ms;
}

const caseResult = (b: Bench, caseId: string) => b.temporal.workflow.getHandle(caseId).result();

/**
 * Full lifecycles of `requests.length` cases at once, each opened through the case client and taken
 * through the happy path (actions and uploads) until its workflow has completed. Returns the wall time
 * and the case ids.
 */
export async function caseLifecycles(b: Bench, requests: OpenCaseRequest[]) {
  const [ids, ms] = await timed(() =>
    Promise.all(
      requests.map(async (request) => {
        const caseId = (await b.cases.open(request)).caseId;
        for (const s of b.stepsOf(request)) {
          if (isUpload(s)) await b.upload(b.cases, caseId, s);
          else await b.cases.act(caseId, s);
        }
        await caseResult(b, caseId);
        return caseId;
      }),
    ),
  );
  return { ms, ids };
}

/** As many bare workflows at once, each started and sent one update per step of the path (the last ends it). */
export async function bareLifecycles(b: Bench, count: number) {
  const [handles, ms] = await timed(() =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const handle = await startBare(b);
        for (const [i, s] of b.steps.entries()) {
          await handle.executeUpdate(appendUpdate, { args: [s, i === b.steps.length - 1] });
        }
        await handle.result();
        return handle;
      }),
    ),
  );
  return { ms, handles };
}

/** The size of a history as the server stores and sends it: its encoded protobuf. */
export function historyBytes(history: History): number {
  return temporal.api.history.v1.History.encode(history).finish().byteLength;
}

/**
 * Every run of a complete case, first to last: a case continues-as-new (at departure, or when Temporal
 * suggests it), so its history is the histories of its runs, chained by `continuedExecutionRunId`.
 */
export async function caseHistories(b: Bench, caseId: string): Promise<History[]> {
  const runs: History[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await b.temporal.workflow.getHandle(caseId, runId).fetchHistory();
    runs.unshift(history);
    runId =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) return runs;
  }
}

export const eventCount = (runs: History[]) => runs.reduce((n, h) => n + (h.events?.length ?? 0), 0);

/** A complete bare history of about `events` events (within one update's worth): updates until it is that long. */
export async function bareHistoryOfLength(b: Bench, events: number): Promise<History> {
  const handle = await startBare(b);
  // The last update adds its workflow task, its acceptance and completion, and the workflow's completion.
  const lastUpdateEvents = 6;
  for (let i = 0; (await handle.describe()).historyLength + lastUpdateEvents < events; i++) {
    await handle.executeUpdate(appendUpdate, { args: [b.steps[i % b.steps.length]] });
  }
  await handle.executeUpdate(appendUpdate, { args: [null, true] });
  await handle.result();
  return handle.fetchHistory();
}

/**
 * Milliseconds to replay one complete workflow (all its runs) on a replay worker of `workflowBundle`,
 * over `copies` copies. Replay runs one history at a time; the clock starts once a first run has been
 * replayed, so that the replay worker's start-up and the bundle's first evaluation are not counted.
 */
export async function replayMs(
  b: Bench,
  workflowBundle: WorkflowBundleWithSourceMap,
  runs: History[],
  copies: number,
): Promise<number> {
  const histories = [runs[0]!, ...Array.from({ length: copies }, () => runs).flat()].map((history) => ({
    workflowId: nextId('replay'),
    history,
  }));
  let t0: number | undefined;
  const results = Worker.runReplayHistories(
    { workflowBundle, dataConverter: b.dataConverter(), replayName: nextId('replay') },
    histories,
  );
  for await (const r of results) {
    if (r.error) throw r.error;
    t0 ??= performance.now();
  }
  return (performance.now() - t0!) / copies;
}

/**
 * What the case workflow asks of its activities until its first action has been answered, stubbed: the
 * memory bench measures what the workflows hold in the worker's cache, not what activities do.
 */
const memoryActivities = {
  readStudentRecord: async (studentId: string) => liveRecord(studentId, STUDY_BASIS),
  sendNotification: async () => ({
    messageId: 'bench',
    alreadySent: true,
    address: 'bench',
    language: 'en' as const,
  }),
} satisfies Partial<StudentRecordActivities & EmailActivities>;

async function settledHeap(): Promise<number> {
  if (!global.gc) throw new Error('the memory bench needs node --expose-gc (npm run bench runs it so)');
  for (let i = 0; i < 4; i++) {
    global.gc();
    await delay(100);
  }
  return process.memoryUsage().heapUsed;
}

async function withinAMinute<T>(what: string, p: Promise<T>): Promise<T> {
  const timeout = delay(60_000).then(() => {
    throw new Error(
      `${what} took over a minute: do bench/trials.ts's memoryActivities still match the workflow?`,
    );
  });
  return Promise.race([p, timeout]);
}

/**
 * Heap bytes per cached workflow: growth of this process's heap (after `global.gc()`) while `count`
 * workflows of one kind sit in the cache of a worker that runs them on this thread (`debugMode`), past two
 * warm-up workflows. Case and bare get the same worker options; each its own bundle and task queue. Each
 * workflow is started and answers one action (the case: its submission, which reads the record).
 */
export async function heapPerCachedWorkflow(b: Bench, kind: 'case' | 'bare', count: number): Promise<number> {
  const taskQueue = nextId(`memory-${kind}`);
  const cases: CaseClient = b.casesOn(taskQueue);
  const first = b.steps[0]!;
  const warmUp = 2;
  const requests =
    kind === 'case' ? await Promise.all(Array.from({ length: count + warmUp }, b.request)) : [];
  const one = async (i: number): Promise<WorkflowHandle> => {
    if (kind === 'bare') {
      const handle = await startBare(b, taskQueue);
      await handle.executeUpdate(appendUpdate, { args: [first] });
      return handle;
    }
    const request = requests[i]!;
    const caseId = (await cases.open(request)).caseId;
    const submit = b.stepsOf(request)[0]!;
    await withinAMinute(`the first action of case ${caseId}`, cases.act(caseId, submit));
    return b.temporal.workflow.getHandle(caseId);
  };
  const worker = await Worker.create({
    connection: b.connection,
    namespace: b.config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle: kind === 'case' ? b.caseBundle : b.bareBundle,
    activities: memoryActivities,
    dataConverter: b.dataConverter(),
    debugMode: true,
    maxCachedWorkflows: count + warmUp + 10,
  });
  const handles: WorkflowHandle[] = [];
  const perWorkflow = await worker.runUntil(async () => {
    for (let i = 0; i < warmUp; i++) handles.push(await one(i));
    const before = await settledHeap();
    for (let i = warmUp; i < count + warmUp; i++) handles.push(await one(i));
    const after = await settledHeap();
    return (after - before) / count;
  });
  await Promise.all(handles.map((h) => h.terminate('bench: measured').catch(() => undefined)));
  return perWorkflow;
}
