import { cpus } from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { callInMemory, callOnTemporal, callReport } from './call-trial';
import { startBench, TRACK, type Bench } from './setup';
import type { History } from './trials';
import {
  actionLatency,
  bareHistoryOfLength,
  bareLifecycles,
  caseLifecycles,
  caseHistories,
  eventCount,
  heapPerCachedWorkflow,
  historyBytes as encodedBytes,
  replayMs,
} from './trials';

/**
 * `npm run bench`: the case workflow against bare Temporal (bench/bare-workflow.ts) on the same dev server,
 * through workers of the same factory and settings, measured in one run and interleaved (each repeat
 * measures both, in alternating order). It prints ratios, min/median/max over the repeats, beside the
 * targets and the figures of issue 7; the absolute figures are this machine's and only give the ratios a
 * scale.
 *
 * BENCH_CASES (default 10): concurrent lifecycles and replayed copies per kind.
 * BENCH_CACHED (default 50): workflows per kind in the worker cache for the heap figure; fewer than about 50
 * leave the bare workflow's few KiB in the noise of the heap.
 * BENCH_REPEATS (default 3): interleaved repeats of every measurement.
 * BENCH_CALL_APPLICANTS (default 5000): the applicants of the call trial (bench/call-trial.ts), run once.
 * BENCH_ONLY=call: the call trial alone.
 */
const N = positive('BENCH_CASES', 10);
const CACHED = positive('BENCH_CACHED', 50);
const REPEATS = positive('BENCH_REPEATS', 3);
const CALL_APPLICANTS = positive('BENCH_CALL_APPLICANTS', 5000);

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One row: the per-repeat figures of the case and of bare, and the ratio the row judges (case over bare). */
interface Row {
  metric: string;
  short: string;
  unit: (x: number) => string;
  kase: number[];
  bare: number[];
  /** How the ratio reads: case/bare for costs, bare/case for throughput measured as wall time. */
  ratio: (kase: number, bare: number) => number;
  target: string;
  before: string;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1000).toFixed(1)} KB`;
const kib = (x: number) => `${Math.round(x / 1024).toLocaleString('en-US')} KiB`;
const cost = (k: number, b: number) => k / b;

function table(rows: Row[]): string {
  const header = ['metric', 'case', 'bare', 'ratio min / median / max', 'target', 'issue 7 (before)'];
  const lines = rows.map((r) => {
    const ratios = r.kase.map((k, i) => r.ratio(k, r.bare[i]!));
    const x = (v: number) => `${v.toFixed(2)}x`;
    return [
      r.metric,
      r.unit(median(r.kase)),
      r.unit(median(r.bare)),
      `${x(Math.min(...ratios))} / ${x(median(ratios))} / ${x(Math.max(...ratios))}`,
      r.target,
      r.before,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

/** A call of CALL_APPLICANTS applicants, ranked and published on the dev server, then the same in memory. */
async function callTrial(b: Bench): Promise<void> {
  const onTemporal = await callOnTemporal(b, CALL_APPLICANTS);
  const inMemory = callInMemory(onTemporal.run, onTemporal.xs);
  console.log(`\n${callReport(CALL_APPLICANTS, { ...onTemporal, ...inMemory })}`);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const started = Date.now();
  const b = await startBench();
  try {
    if (process.env.BENCH_ONLY === 'call') return await callTrial(b);
    const actions = b.steps.filter((s) => !('upload' in s)).length;
    console.log(
      `bench: ${TRACK} happy path (${b.steps.length} updates, ${actions} of them actions); ${N} cases, ` +
        `${CACHED} cached, ${REPEATS} repeats; ${cpus().length} cores, node ${process.version}`,
    );
    // Warm-up, not measured: JIT, connections, both workers' bundles, the first replay worker.
    await actionLatency(b);
    const warm = await caseLifecycles(b, [await b.request()]);
    await bareLifecycles(b, 1);
    const caseRuns = await caseHistories(b, warm.ids[0]!);
    const caseEvents = eventCount(caseRuns);
    const bareRuns = [await bareHistoryOfLength(b, caseEvents)];
    const bareEvents = eventCount(bareRuns);
    await replayMs(b, b.caseBundle, caseRuns, 1);
    await replayMs(b, b.bareBundle, bareRuns, 1);

    const row = (r: Omit<Row, 'kase' | 'bare'>): Row => ({ ...r, kase: [], bare: [] });
    const perSecond = (wallMs: number) => `${((N / wallMs) * 1000).toFixed(2)} /s`;
    const client = row({
      metric: 'staff action, CaseClient.act vs executeUpdate',
      short: 'client',
      unit: ms,
      ratio: cost,
      target: '<= 1.15x',
      before: '1.40x',
    });
    const http = row({
      metric: 'staff action, POST /cases/{id}/actions vs executeUpdate',
      short: 'http',
      unit: ms,
      ratio: cost,
      target: '<= 1.15x',
      before: '1.66x',
    });
    const lifecycle = row({
      metric: `lifecycle throughput, ${N} concurrent`,
      short: 'lifecycle',
      unit: perSecond,
      ratio: (k, bare) => bare / k,
      target: '>= 0.85x',
      before: '0.40x',
    });
    const replay = row({
      metric: `replay, complete case (${caseEvents} events, ${caseRuns.length} runs) vs ${bareEvents} events`,
      short: 'replay',
      unit: ms,
      ratio: cost,
      target: '<= 2x',
      before: '1.48x',
    });
    const bytes = row({
      metric: `history bytes, complete case (all runs) vs ${b.steps.length} updates`,
      short: 'bytes',
      unit: kb,
      ratio: cost,
      target: 'lean (item 6)',
      before: '153 KB, 10.6x',
    });
    const heap = row({
      metric: `worker heap per cached workflow, ${CACHED} cached`,
      short: 'heap',
      unit: kib,
      ratio: cost,
      target: `< ${kib((1024 * 1024 * 1024) / 600)} (600/GB)`,
      before: '1,520 KiB, 24x',
    });
    const rows = [client, http, lifecycle, replay, bytes, heap];
    const historyBytes = (runs: History[]) => runs.reduce((n, h) => n + encodedBytes(h), 0);

    for (let r = 0; r < REPEATS; r++) {
      // Interleaved: each repeat measures case and bare, the case first in odd repeats and last in even ones.
      const caseFirst = r % 2 === 0;
      const pair = async <K, B>(kase: () => Promise<K>, bare: () => Promise<B>): Promise<[K, B]> => {
        if (caseFirst) {
          const k = await kase();
          return [k, await bare()];
        }
        const bb = await bare();
        return [await kase(), bb];
      };
      const latency = await actionLatency(b);
      client.kase.push(median(latency.client));
      client.bare.push(median(latency.bare));
      http.kase.push(median(latency.http));
      http.bare.push(median(latency.bare));

      const requests = await Promise.all(Array.from({ length: N }, b.request));
      const [cases, bares] = await pair(
        () => caseLifecycles(b, requests),
        () => bareLifecycles(b, N),
      );
      lifecycle.kase.push(cases.ms);
      lifecycle.bare.push(bares.ms);
      bytes.kase.push(historyBytes(await caseHistories(b, cases.ids[0]!)));
      bytes.bare.push(historyBytes([await bares.handles[0]!.fetchHistory()]));

      const [caseReplay, bareReplay] = await pair(
        () => replayMs(b, b.caseBundle, caseRuns, N),
        () => replayMs(b, b.bareBundle, bareRuns, N),
      );
      replay.kase.push(caseReplay);
      replay.bare.push(bareReplay);

      const [caseHeap, bareHeap] = await pair(
        () => heapPerCachedWorkflow(b, 'case', CACHED),
        () => heapPerCachedWorkflow(b, 'bare', CACHED),
      );
      heap.kase.push(caseHeap);
      heap.bare.push(bareHeap);
      const ratios = rows.map((x) => `${x.short} ${x.ratio(x.kase[r]!, x.bare[r]!).toFixed(2)}x`);
      console.log(`repeat ${r + 1}/${REPEATS} (${caseFirst ? 'case' : 'bare'} first): ${ratios.join(', ')}`);
    }

    console.log(`\n${table(rows)}`);
    console.log(
      `\nratios are case over bare (throughput: case cases/s over bare workflows/s); case and bare columns are` +
        ` medians over repeats on this machine.`,
    );
    await callTrial(b);
    console.log(`\n${Math.round((Date.now() - started) / 1000)} s in all.`);
  } finally {
    await b.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
