import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR } from '../domain/actor';
import { callWorkflowId } from '../domain/call';
import type { CallApplicant } from '../domain/call-applicant';
import { CallClient } from '../client/calls';
import type { CallEvent } from '../machines/call/context';
import { callMachine } from '../machines/call/machine';
import { rankApplicants } from '../machines/ranking';
import { applicant, callInput } from '../test/calls/support';
import { callJoinSignal } from '../workflows/call/messages';
import type { Bench } from './setup';
import { caseHistories, eventCount, historyBytes, type History } from './trials';

const di = { id: 'bench.di', role: 'di_officer' as const };
/** Signals in flight at once while the applicants join. */
const JOINING = 50;

/** `count` applicants with spread facts and preferences over two regions, as MSHE applicants join. */
function applicantsOf(callId: string, count: number): CallApplicant[] {
  return Array.from({ length: count }, (_, i) => ({
    ...applicant({
      gpa: 2.5 + ((i * 37) % 151) / 100,
      socialPriority: i % 7 === 0 ? 1 : 0,
      submittedAt: new Date(Date.UTC(2026, 9, 5) + i * 60_000).toISOString(),
      preferences: i % 3 ? ['europe', 'asia'] : ['asia'],
    }),
    caseId: `${callId}-s${String(i).padStart(5, '0')}`,
  }));
}

/** A call closing in a year (DI closes it), a tenth of its applicants' worth of places in two regions. */
function callOf(id: string, count: number) {
  return callInput({
    id,
    track: 'mshe',
    closesAt: new Date(Date.now() + 365 * 24 * 3600_000).toISOString(),
    places: [
      { id: 'europe', kind: 'region', name: 'Europe', places: Math.round(count * 0.08) },
      { id: 'asia', kind: 'region', name: 'Asia', places: Math.round(count * 0.02) },
    ],
  });
}

/**
 * A call of `count` applicants on the dev server: started, every applicant joined by signal (the call
 * continues as new with its table when Temporal suggests it), then DI closes it (ranking and allocation),
 * publishes and finalises it, and the call tells every case its result (the cases do not exist: each
 * signal to one fails, which the call takes). Returns the wall time of the joins and of close to
 * completion, and the history of every run.
 */
export async function callOnTemporal(b: Bench, count: number) {
  const id = `bench-call-${Date.now().toString(36)}`;
  const run = callOf(id, count);
  const client = new CallClient(b.temporal, { taskQueue: b.config.TASK_QUEUE });
  await client.start(run);
  const handle = b.temporal.workflow.getHandle(callWorkflowId(id));
  const xs = applicantsOf(id, count);
  const t0 = performance.now();
  for (let i = 0; i < xs.length; i += JOINING)
    await Promise.all(xs.slice(i, i + JOINING).map((a) => handle.signal(callJoinSignal, a)));
  while ((await client.view(id)).applicants < count) await delay(50);
  const t1 = performance.now();
  let stuck: string | null = null;
  try {
    await client.act(id, { type: 'CLOSE', actor: di });
    await client.act(id, { type: 'PUBLISH', actor: di });
    await client.act(id, { type: 'FINALISE', actor: di });
    await completion(handle);
  } catch (err) {
    stuck = err instanceof Error ? err.message : String(err);
    await handle.terminate('bench: stuck').catch(() => undefined);
  }
  const t2 = performance.now();
  const runs: History[] = await caseHistories(b, callWorkflowId(id));
  const bytes = runs.reduce((n, h) => n + historyBytes(h), 0);
  const events = eventCount(runs);
  return { joinMs: t1 - t0, rankPublishMs: t2 - t1, runs: runs.length, events, bytes, stuck, run, xs };
}

/** How often to look at a call that has not completed yet. */
const LOOK_MS = 2000;

/**
 * The call's completion, or why it will not come: a workflow task that keeps failing (a payload over
 * Temporal's limit, a task over its timeout) is retried for ever, so the third attempt ends the wait.
 */
async function completion(handle: WorkflowHandle): Promise<void> {
  const result = handle.result().then(() => true);
  while (!(await Promise.race([result, delay(LOOK_MS).then(() => false)]))) {
    const attempt = (await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0;
    if (attempt < 3) continue;
    const failed = ((await handle.fetchHistory()).events ?? []).filter(
      (e) => e.workflowTaskFailedEventAttributes,
    );
    const why = failed.at(-1)?.workflowTaskFailedEventAttributes?.failure?.message ?? 'no failure recorded';
    throw new Error(`its workflow task failed ${attempt} times: ${why}`);
  }
}

/**
 * The same table in memory: the policy's ranking alone (machines/ranking.ts), and the call's machine
 * taking the joins, then the close, publication and finalisation that rank, allocate and settle it.
 */
export function callInMemory(run: ReturnType<typeof callOf>, xs: CallApplicant[]) {
  rankApplicants(xs, run.criteria, null); // warm-up: the first sort of the run pays for the JIT
  const t0 = performance.now();
  rankApplicants(xs, run.criteria, null);
  const t1 = performance.now();
  let s = initialTransition(callMachine, run)[0];
  const at = new Date().toISOString();
  for (const a of xs)
    s = transition(callMachine, s, { type: 'JOIN', actor: SYSTEM_ACTOR, at, applicant: a })[0];
  const t2 = performance.now();
  const steps: CallEvent[] = [
    { type: 'CLOSE', actor: di, at },
    { type: 'PUBLISH', actor: di, at },
    { type: 'FINALISE', actor: di, at },
  ];
  for (const e of steps) s = transition(callMachine, s, e)[0];
  const t3 = performance.now();
  if (s.value !== 'finalised') throw new Error(`the call in memory ended ${String(s.value)}`);
  return { rankMs: t1 - t0, machineRankPublishMs: t3 - t2 };
}

export type CallTrial = Awaited<ReturnType<typeof callOnTemporal>> & ReturnType<typeof callInMemory>;

/** The call trial's lines: its history, and its cost per applicant against the same work in memory. */
export function callReport(count: number, t: CallTrial): string {
  const per = (ms: number) =>
    ms / count >= 1 ? `${(ms / count).toFixed(2)} ms` : `${((ms / count) * 1000).toFixed(1)} µs`;
  const x = (a: number, b: number) => `${(a / b).toFixed(0)}x`;
  const history = `  history: ${t.events.toLocaleString('en-US')} events, ${(t.bytes / 1e6).toFixed(2)} MB in ${t.runs} run(s)`;
  if (t.stuck)
    return [
      `call of ${count.toLocaleString('en-US')} applicants on the dev server: STUCK after the close, ${t.stuck}`,
      history,
      `  joins by signal: ${(t.joinMs / 1000).toFixed(1)} s, ${per(t.joinMs)} per applicant`,
      `  in memory, the same table: ranking alone ${per(t.rankMs)} per applicant; the call's machine ` +
        `closing, publishing and finalising ${per(t.machineRankPublishMs)} per applicant`,
    ].join('\n');
  return [
    `call of ${count.toLocaleString('en-US')} applicants on the dev server:`,
    history,
    `  joins by signal: ${(t.joinMs / 1000).toFixed(1)} s, ${per(t.joinMs)} per applicant`,
    `  close, rank, publish, tell every case, finalise: ${(t.rankPublishMs / 1000).toFixed(1)} s, ` +
      `${per(t.rankPublishMs)} per applicant`,
    `  in memory, the same table: ranking alone (machines/ranking.ts) ${per(t.rankMs)} per applicant; ` +
      `the call's machine closing, publishing and finalising ${per(t.machineRankPublishMs)} per applicant`,
    `  ratio, dev server over the machine in memory: ${x(t.rankPublishMs, t.machineRankPublishMs)}; ` +
      `over the ranking alone: ${x(t.rankPublishMs, t.rankMs)}`,
  ].join('\n');
}
