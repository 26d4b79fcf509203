import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { encryptedDataConverter, payloadCodecFromConfig } from '../../app/codec';
import { loadConfig, loadPolicy } from '../../app/config';
import { startSmtpSink, type SmtpSink } from '../../app/embedded/smtp-sink';
import { staffServices } from '../../app/staff';
import { openStores, type Stores } from '../../app/stores';
import type { CaseClient } from '../../client/cases';
import { CaseError } from '../../client/errors';
import { outgoingCaseId, type OpenCaseRequest } from '../../domain/case';
import type { AuditEntry } from '../../domain/case-view';
import { Policy } from '../../domain/policy';
import { authedApi, type AuthedApi } from '../helpers/auth';
import {
  alwaysOpenPolicy,
  as,
  currentPolicy,
  liveCall,
  liveRecord,
  openRequest,
  studentOf,
} from '../helpers/fixtures';
import { documentBytes, happyPath, isUpload, type Step } from '../helpers/paths';
import { freePort } from '../helpers/system';
import { startCluster, startProcess, type SystemProcess } from './topology';

/**
 * The scale-out topology for real (README "Deploying at scale"): the Temporal server v1.32.2 on PostgreSQL
 * with several history shards (scripts/temporal-cluster.sh), two worker processes and the API process
 * (app/worker-main.ts, app/api-main.ts) on one DATABASE_URL. Hundreds of cases are opened and driven through
 * the API to their nomination, whose invitation-letter deadline then reminds twice and escalates while the
 * load runs (on the demonstration clock, DEMO_DAY_SECONDS: a day of a case's deadlines lasts seconds); one
 * worker is SIGKILLed halfway. Then every CLUSTER_FULL_EVERY-th case goes on to closed (continuing as new
 * at departure) and the others are withdrawn by their students. In the end: every case
 * ended once as it was told, none lost, stuck or run twice, every timer fired exactly once.
 * `npm run test:cluster`; knobs CLUSTER_CASES (200), CLUSTER_CONCURRENCY (16), CLUSTER_SHARDS (4),
 * CLUSTER_DAY_SECONDS (12), CLUSTER_FULL_EVERY (10).
 */
const CASES = Number(process.env.CLUSTER_CASES ?? 200);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 16);
const FULL_EVERY = Number(process.env.CLUSTER_FULL_EVERY ?? 10);
const SHARDS = Number(process.env.CLUSTER_SHARDS ?? 4);
const DAY_S = process.env.CLUSTER_DAY_SECONDS ?? '12';

jest.setTimeout(45 * 60_000);

/**
 * The policy every process and the cases pin: the always-open one, the invitation letter due 3 days after
 * nomination, reminders 2 days and 1 day before, the escalation 1 day after; DAY_S seconds a day on the
 * demonstration clock, so all four fall within a minute. The return documents' deadline gets the most
 * days a policy allows, so that a case on its way to closed never runs into its timers.
 */
const clusterPolicy: Policy = Policy.parse({
  ...alwaysOpenPolicy,
  version: `${currentPolicy.academicYear}.910`,
  timings: {
    ...alwaysOpenPolicy.timings,
    invitationLetterDays: 3,
    returnDocumentsDays: 365,
    reminderDaysBefore: [2, 1],
    escalationWorkingDaysAfter: 1,
  },
});

const path = happyPath('self_funded', 'paid');
const nominated = path.findIndex((s) => !isUpload(s) && s.type === 'NOMINATE_TO_PARTNER') + 1;
const withdraw: Step = {
  type: 'WITHDRAW',
  actor: as.student,
  reason: 'the load test withdraws after the reminders',
};
/** What each case does after its timers: the rest of the path to closed, or the student withdraws. */
const full = (i: number) => i % FULL_EVERY === 0;
const rest = (i: number) => (full(i) ? path.slice(nominated) : [withdraw]);

let dir: string;
let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
let sink: SmtpSink | undefined;
let stores: Stores | undefined;
let connection: Connection | undefined;
const processes: SystemProcess[] = [];
const log = (line: string) => console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${line}`);

afterAll(async () => {
  for (const p of processes) await p.stop('SIGTERM');
  await connection?.close();
  await stores?.close();
  await sink?.close();
  await cluster?.stop();
  if (process.env.CLUSTER_KEEP !== 'true') await rm(dir, { recursive: true, force: true });
});

/** Runs `work` over `items`, `CONCURRENCY` at a time. */
async function pool<T>(items: T[], work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

let unavailable = 0;
/** One step over HTTP; a 503 (the case's worker did not take it up in time: not applied) is sent again. */
async function send(http: AuthedApi, caseId: string, s: Step, student: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const actor = s.actor.role === 'student' ? studentOf(student) : s.actor;
    const res = isUpload(s)
      ? await http.upload(
          `/cases/${caseId}/documents`,
          { kind: s.upload },
          await documentBytes(s.upload),
          `${s.upload}.bin`,
          actor,
        )
      : await http.post(`/cases/${caseId}/actions`, { ...s, actor });
    if (res.status < 300) return;
    const what = isUpload(s) ? s.upload : s.type;
    if (res.status !== 503 || attempt >= 10)
      throw new Error(`${caseId} ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    unavailable += 1;
    await delay(Math.min(5, Number(res.headers.get('retry-after') ?? 1)) * 1000);
  }
}

/** A call of the test's own case client; "unavailable" (not applied) is tried again, like a 503. */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof CaseError && err.kind === 'unavailable') || attempt >= 10) throw err;
      unavailable += 1;
      await delay(1000);
    }
  }
}

/**
 * Opens the case once. Starting it and reading it back are two calls: when the read answers "unavailable",
 * the case was started, and opening again is refused as a conflict naming it, so it is not started twice.
 */
async function openOnce(cases: CaseClient, request: OpenCaseRequest): Promise<string> {
  try {
    return (await cases.open(request)).caseId;
  } catch (err) {
    if (!(err instanceof CaseError && err.kind === 'unavailable')) throw err;
    unavailable += 1;
    const caseId = outgoingCaseId(request.callId, request.student.id);
    await expect(cases.open(request)).rejects.toThrow(
      `already has a case for call ${request.callId}: ${caseId}`,
    );
    return caseId;
  }
}

const count = (audit: AuditEntry[], event: string) => audit.filter((a) => a.event === event).length;

test('hundreds of cases on a multi-shard cluster, one worker SIGKILLed under load: none lost, stuck or duplicated, every timer fired', async () => {
  const began = Date.now();
  dir = await mkdtemp(join(tmpdir(), 'mobility-cluster-'));
  await chmod(dir, 0o711); // PostgreSQL runs as user postgres inside it
  cluster = await startCluster(join(dir, 'cluster'), SHARDS);
  log(`cluster up in ${Math.round((Date.now() - began) / 1000)} s: ${JSON.stringify(cluster.env)}`);

  const dataDir = join(dir, 'data');
  const policyFile = join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(clusterPolicy));
  sink = await startSmtpSink({ host: '127.0.0.1', port: 0, inboxDir: join(dataDir, 'inbox') });
  const taskQueue = `cluster-${Date.now()}`;
  const env = {
    ...process.env,
    ...cluster.env,
    DATA_DIR: dataDir,
    POLICY_FILE: policyFile,
    TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: `cluster:${randomBytes(32).toString('base64')}`,
    PAYLOAD_KEY_ID: 'cluster',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    API_PORT: String(await freePort()),
    IDP_PORT: String(await freePort()),
    LOG_LEVEL: 'WARN',
    DEMO_DAY_SECONDS: DAY_S,
    // The tuning README "Deploying at scale" documents for the cluster.
    WORKER_MAX_CACHED_WORKFLOWS: '250',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '20',
    WORKER_STICKY_QUEUE_TIMEOUT_SECONDS: '5',
  };
  const config = loadConfig(env);

  // The test is a client like the CLI: the project's database (migrated here, first), the calls, the
  // student records, and the case client that opens cases on the demonstration clock, as the API would.
  const { codec } = payloadCodecFromConfig(config);
  stores = await openStores(config, codec);
  connection = await Connection.connect({ address: cluster.env.TEMPORAL_ADDRESS });
  const temporal = new Client({
    connection,
    namespace: cluster.env.TEMPORAL_NAMESPACE,
    dataConverter: encryptedDataConverter(codec),
  });
  const staff = staffServices(temporal, {
    taskQueue,
    policy: loadPolicy(config.POLICY_FILE),
    stores,
    actionWaitMs: 30_000,
    dayMs: config.DEMO_DAY_SECONDS! * 1000,
  });
  const call = liveCall('self_funded');
  await staff.calls.open(call);
  const requests = Array.from({ length: CASES }, (_, i) =>
    openRequest('self_funded', {
      studentId: `C${taskQueue.slice(-8)}${String(i).padStart(4, '0')}`,
      callId: call.id,
      semester: call.mobilitySemester,
      studyBasis: 'paid',
    }),
  );
  await stores.records.upsertMany(requests.map((r) => liveRecord(r.student.id, 'paid')));

  const logs = (name: string) => join(dir, `${name}.log`);
  const workerReady = /^worker on task queue/;
  const [workerA, workerB] = await Promise.all(
    ['worker-a', 'worker-b'].map((n) => startProcess(n, 'app/worker-main.ts', env, workerReady, logs(n))),
  );
  const apiProcess = await startProcess('api', 'app/api-main.ts', env, /^staff API at/, logs('api'));
  processes.push(workerA!, workerB!, apiProcess);
  log(`${workerA!.readyLine}; ${apiProcess.readyLine}`);
  const [, apiUrl, issuer] = /^staff API at (\S+), accepting tokens of (\S+)/.exec(apiProcess.readyLine)!;
  const http = authedApi(apiUrl!, { issuer: issuer!, dataDir });

  // Phase 1: open every case and take it to its nomination; halfway, worker A dies.
  const loadBegan = Date.now();
  let done = 0;
  let killedAt: number | undefined;
  const caseIds: string[] = [];
  await pool(requests, async (request, i) => {
    const caseId = await openOnce(staff.cases, request);
    caseIds[i] = caseId;
    for (const s of path.slice(0, nominated)) await send(http, caseId, s, request.student.id);
    done += 1;
    if (done === Math.ceil(CASES / 2)) {
      killedAt = Date.now();
      await workerA!.stop('SIGKILL');
      log(`worker A SIGKILLed with ${done} of ${CASES} cases nominated`);
    }
  });
  log(`phase 1 (open, 6 steps each) in ${Math.round((Date.now() - loadBegan) / 1000)} s`);
  expect(workerA!.child.signalCode).toBe('SIGKILL');

  // Phase 2: each case's timers have fired exactly once, each action applied once; then on to its end.
  const phase2 = Date.now();
  const firings: Record<string, number[]> = {};
  await pool(caseIds, async (caseId, i) => {
    const audit = await waitForTimers(staff.cases, caseId);
    firings[caseId] = [count(audit, 'DEADLINE_REMINDER'), count(audit, 'DEADLINE_ESCALATION')];
    for (const t of [
      'SUBMIT_APPLICATION',
      'CONFIRM_ELIGIBILITY',
      'SELECT_FOR_PLACEMENT',
      'NOMINATE_TO_PARTNER',
    ])
      expect({ caseId, t, n: count(audit, t) }).toEqual({ caseId, t, n: 1 });
    expect({ caseId, uploads: count(audit, 'ATTACH_DOCUMENT') }).toEqual({ caseId, uploads: 2 });
    for (const s of rest(i)) await send(http, caseId, s, requests[i]!.student.id);
  });
  log(`phase 2 (timers checked; to closed or withdrawn) in ${Math.round((Date.now() - phase2) / 1000)} s`);
  expect(Object.values(firings).filter(([r, e]) => r !== 2 || e !== 1)).toEqual([]);

  // Every case ends once, as it was told: one completed run per case (a closed one after the run it continued
  // as new from at departure), nothing running, failed or terminated, no workflow the test did not open.
  const expected = caseIds.map((id, i) =>
    full(i)
      ? { id, state: 'closed', runs: 'COMPLETED,CONTINUED_AS_NEW' }
      : { id, state: 'withdrawn', runs: 'COMPLETED' },
  );
  const results = await Promise.all(
    caseIds.map((id) => temporal.workflow.getHandle(id).result() as Promise<{ state: string }>),
  );
  const closedRuns = expected.reduce((n, e) => n + e.runs.split(',').length, 0);
  const runs = await waitForVisibility(temporal, taskQueue, closedRuns);
  const byCase = new Map<string, string[]>();
  for (const r of runs) byCase.set(r.workflowId, [...(byCase.get(r.workflowId) ?? []), r.status].sort());
  expect(byCase.size).toBe(CASES);
  expect(caseIds.map((id, i) => ({ id, state: results[i]!.state, runs: byCase.get(id)?.join() }))).toEqual(
    expected,
  );

  log(
    `${CASES} cases (${caseIds.filter((_, i) => full(i)).length} to closed), ${SHARDS} shards, ` +
      `${caseIds.reduce((n, _, i) => n + nominated + rest(i).length, 0)} actions and uploads over HTTP (${unavailable} answered 503 and sent again), ` +
      `${3 * CASES} timers fired, worker A killed ${Math.round((killedAt! - loadBegan) / 1000)} s into the load; ` +
      `load ${Math.round((Date.now() - loadBegan) / 1000)} s, whole test ${Math.round((Date.now() - began) / 1000)} s`,
  );
});

/** The case's audit once its invitation-letter deadline has escalated (every timer before it has fired). */
async function waitForTimers(cases: { history(id: string): Promise<AuditEntry[]> }, caseId: string) {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const audit = await retried(() => cases.history(caseId));
    if (count(audit, 'DEADLINE_ESCALATION') > 0 || Date.now() > deadline) return audit;
    await delay(1000);
  }
}

/** Every run on the task queue, once visibility (eventually consistent) has recorded `expected` closed ones. */
async function waitForVisibility(temporal: Client, taskQueue: string, expected: number) {
  const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus != "Running"`;
  const deadline = Date.now() + 2 * 60_000;
  while ((await temporal.workflow.count(query)).count < expected && Date.now() < deadline) await delay(1000);
  const runs: { workflowId: string; status: string }[] = [];
  for await (const wf of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` }))
    runs.push({ workflowId: wf.workflowId, status: wf.status.name });
  return runs;
}
