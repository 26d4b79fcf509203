import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { NotificationRequest } from '../../activities/email/activities';
import { executableOption, temporalCliPath } from '../../app/embedded/temporal-binaries';
import { sqlOutbox } from '../../stores/sql-outbox';
import { ENGINES, useFreshDatabase } from '../stores/databases';
import type { MailWorkerArgs } from './mail-worker';
import { startRelay, type Relay } from './relay';
import type { WorkflowHandle } from '@temporalio/client';
import { deliverWorkflow } from './deliver-workflow';

/**
 * A worker process really dies mid-delivery (SIGKILL), against a relay that keeps every copy it is
 * given; another worker process takes the retried activity over. What the recipient gets is counted
 * at the relay. The outbox is the project database's table, on each engine: the worker processes reach
 * PostgreSQL directly and the embedded PGlite through this process, which owns it.
 */
// Two worker processes start per test; on a loaded 2-core machine each takes up to half a minute.
jest.setTimeout(170_000);

let env: TestWorkflowEnvironment;
let relay: Relay;
let dir: string;
let bundleFile: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mobility-crash-'));
  // The dev server, on real time: a dead attempt times out as it would in production.
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: executableOption(temporalCliPath()), ip: '127.0.0.1' },
  });
  relay = await startRelay();
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./deliver-workflow'),
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  });
  bundleFile = join(dir, 'bundle.js');
  await writeFile(bundleFile, bundle.code);
});
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await relay?.close();
  await env?.teardown();
  await rm(dir, { recursive: true, force: true });
});

/** A worker in a process of its own, resolved once it polls. */
async function startWorkerProcess(args: MailWorkerArgs): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', join(__dirname, 'mail-worker.ts'), JSON.stringify(args)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the worker process exited (${code}) before it was ready`)),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

const killed = (child: ChildProcess) => child.signalCode === 'SIGKILL';

describe.each(ENGINES)('a worker killed mid-delivery, the outbox on %s', (engine) => {
  const database = useFreshDatabase(engine);
  const outbox = () => sqlOutbox(database().db);

  async function scenario(name: string) {
    const caseId = `outgoing-crash-${engine}-${name}-${Date.now()}`;
    const args: MailWorkerArgs = {
      address: env.address,
      taskQueue: `mail-${engine}-${name}-${Date.now()}`,
      bundleFile,
      relayPort: relay.port,
      database: database().env,
    };
    const request: NotificationRequest = {
      caseId,
      messageKey: '4-applicationRejected-student',
      template: 'applicationRejected',
      to: 'student',
      student: { fullName: 'Aruzhan S', email: `${engine}.${name}@student.kbtu.test` },
      data: { reason: 'GPA below 2.5' },
    };
    const first = await startWorkerProcess(args);
    const exited = once(first, 'exit');
    return { caseId, args, request, first, exited };
  }

  /**
   * A second worker process finishes the delivery: the relay holds exactly one copy, and the outbox says
   * sent, unconfirmed when the relay had accepted it before the first process died.
   */
  async function retriedOnce(
    s: Awaited<ReturnType<typeof scenario>>,
    handle: WorkflowHandle<typeof deliverWorkflow>,
    expected: { alreadySent: boolean },
  ) {
    const second = await startWorkerProcess(s.args);
    const result = await handle.result();
    expect(result).toMatchObject(expected);
    const copies = relay.received.filter((m) => m.messageId.includes(s.caseId));
    expect(copies.map((m) => m.messageId)).toEqual([result.messageId]);
    expect(await outbox().byCase(s.caseId)).toEqual([
      expect.objectContaining({ state: 'sent', unconfirmed: expected.alreadySent, attempts: 1 }),
    ]);
    second.kill('SIGTERM');
    await once(second, 'exit');
  }

  test('killed after the relay accepted and before the outbox heard it: the retry sends nothing, one copy arrives', async () => {
    const s = await scenario('accepted');
    relay.behave({
      // The relay has stored the message; the sender dies before it reads the 250.
      onAccepted: async (m) => {
        if (!m.messageId.includes(s.caseId)) return;
        s.first.kill('SIGKILL');
        await s.exited;
      },
    });
    const handle = await env.client.workflow.start(deliverWorkflow, {
      taskQueue: s.args.taskQueue,
      workflowId: s.caseId,
      args: [s.request],
    });
    await s.exited;
    expect(killed(s.first)).toBe(true);
    const onDisk = await outbox().byCase(s.caseId);
    expect(onDisk).toEqual([expect.objectContaining({ state: 'handed' })]);

    // After the dead attempt's timeout and the retry's backoff; the relay had the message already.
    await retriedOnce(s, handle, { alreadySent: true });
  });

  test('killed before DATA: the relay holds nothing, the retry delivers exactly one copy', async () => {
    const s = await scenario('rcpt');
    relay.behave({
      onRcpt: (address) => {
        if (address === s.request.student.email && s.first.exitCode === null && !killed(s.first))
          s.first.kill('SIGKILL');
      },
    });
    const handle = await env.client.workflow.start(deliverWorkflow, {
      taskQueue: s.args.taskQueue,
      workflowId: s.caseId,
      args: [s.request],
    });
    await s.exited;
    expect(killed(s.first)).toBe(true);
    expect(await outbox().byCase(s.caseId)).toEqual([expect.objectContaining({ state: 'prepared' })]);

    await retriedOnce(s, handle, { alreadySent: false });
  });
});
