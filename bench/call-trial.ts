import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
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
  await client.act(id, { type: 'CLOSE', actor: di });
  await client.act(id, { type: 'PUBLISH', actor: di });
  await client.act(id, { type: 'FINALISE', actor: di });
  await handle.result();
  const t2 = performance.now();
  const runs: History[] = await caseHistories(b, callWorkflowId(id));
  const bytes = runs.reduce((n, h) => n + historyBytes(h), 0);
  return { joinMs: t1 - t0, rankPublishMs: t2 - t1, runs: runs.length, events: eventCount(runs), bytes, run, xs };
}

/**
 * The same table in memory: the policy's ranking alone (machines/ranking.ts), and the call's machine
 * taking the joins, then the close, publication and finalisation that rank, allocate and settle it.
 */
export function callInMemory(run: ReturnType<typeof callOf>, xs: CallApplicant[]) {
  const t0 = performance.now();
  rankApplicants(xs, run.criteria, null);
  const t1 = performance.now();
  let s = initialTransition(callMachine, run)[0];
  const at = new Date().toISOString();
  for (const a of xs) s = transition(callMachine, s, { type: 'JOIN', actor: SYSTEM_ACTOR, at, applicant: a })[0];
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
