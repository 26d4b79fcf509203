import { createServer } from 'node:net';
import Fastify from 'fastify';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { apiErrorHandler, RETRY_AFTER_SECONDS } from '../../api/errors';
import { executableOption, temporalCliPath } from '../../app/embedded/temporal-binaries';
import { CaseClient } from '../../client/cases';
import { CaseError } from '../../client/errors';
import { CallClient } from '../../client/calls';
import { createCallRegistry } from '../../services/calls';
import { createSqlAgreementStore } from '../../stores/agreements';
import { auditQuery, partnerDocumentSignal } from '../../workflows/outgoing-case/messages';
import { alwaysOpenPolicy, liveCall, openRequest, studentOf } from '../helpers/fixtures';
import { startRealTimeServer, startWorkflowWorker } from '../helpers/real-time';
import { waitFor } from '../helpers/wait';
import { useFreshDatabase } from '../stores/databases';

/** A port nothing listens on: a Temporal server that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The calls take their places from the agreements in a real database (the shipped seed: none imported).
const database = useFreshDatabase('pglite');

/** The calls as workflows on `client`'s server. */
const callsOver = (client: Client, taskQueue: string) =>
  createCallRegistry({
    calls: new CallClient(client, { taskQueue }),
    policy: alwaysOpenPolicy,
    agreements: createSqlAgreementStore(database().db),
  });

const casesOver = (client: Client, taskQueue: string) =>
  new CaseClient(client, {
    taskQueue,
    policy: alwaysOpenPolicy,
    calls: callsOver(client, taskQueue),
    storeDocument: async () => {
      throw new Error('no uploads in this test');
    },
    searchAttributes: false,
    actionWaitMs: 2_000,
  });

test('a Temporal server that is down: the case client says unavailable, and the API answers 503 with Retry-After', async () => {
  const connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}` });
  const cases = casesOver(new Client({ connection }), 'nobody');
  await expect(cases.get('outgoing-live-mshe-2027-spring-22b030418')).rejects.toMatchObject({
    kind: 'unavailable',
  });

  // The API's error handler, over real HTTP, for a route that reaches the down server.
  const app = Fastify();
  app.setErrorHandler(apiErrorHandler);
  app.get('/probe', async () => new Client({ connection }).workflow.getHandle('any').describe());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const res = await fetch(`${url}/probe`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(await res.json()).toMatchObject({ error: 'unavailable' });
  } finally {
    await app.close();
    await connection.close();
  }
}, 120_000);

test('a Temporal server over its rate limits (RESOURCE_EXHAUSTED): the API answers 503 with Retry-After, never 500', async () => {
  // The dev server on a namespace limit of 1 request a second (visibility too); the client gives up after its first
  // refusal (the system's client retries a refusal with backoff first, and answers the same once it
  // still gets one).
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableOption(temporalCliPath()),
      ip: '127.0.0.1',
      extraArgs: [
        '--dynamic-config-value',
        'frontend.namespaceRPS=1',
        '--dynamic-config-value',
        'frontend.namespaceRPS.visibility=1',
      ],
    },
  });
  const connection = await Connection.connect({
    address: env.address,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))],
  });
  const app = Fastify();
  app.setErrorHandler(apiErrorHandler);
  app.get('/probe', async () => {
    // A list, as GET /cases makes: the call that "System Persistence Max QPS Reached" refused under load.
    for await (const wf of new Client({ connection }).workflow.list({ pageSize: 1 }))
      return { first: wf.workflowId };
    return { first: null };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const answers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const res = await fetch(`${url}/probe`);
        return { status: res.status, retryAfter: res.headers.get('retry-after') };
      }),
    );
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((a) => `${a.status} ${a.retryAfter}`))).toEqual(
      new Set([`503 ${RETRY_AFTER_SECONDS}`]),
    );
  } finally {
    await app.close();
    await connection.close();
    await env.teardown();
  }
}, 120_000);

test('a case whose worker is down: the action is refused as unavailable within its wait, and is not applied when the worker returns', async () => {
  const env = await startRealTimeServer();
  const taskQueue = `unavailable-${Date.now()}`;
  const startWorker = () => startWorkflowWorker(env, taskQueue);
  try {
    const cases = casesOver(env.client, taskQueue);
    const call = liveCall('self_funded');
    let up = await startWorker();
    await callsOver(env.client, taskQueue).open(call);
    const request = openRequest('self_funded', { callId: call.id, semester: call.mobilitySemester });
    const opened = await cases.open(request);
    const handle = env.client.workflow.getHandle(opened.caseId);
    const auditBefore = await handle.query(auditQuery);
    await up.stop();

    const refused = await cases
      .act(opened.caseId, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaseError);
    expect(refused).toMatchObject({ kind: 'unavailable' });
    expect((refused as CaseError).message).toContain('will not be');

    up = await startWorker();
    try {
      // A signal makes the server hand the case a workflow task, with anything still waiting for it: had the
      // abandoned action been kept and taken, it would be applied here.
      await handle.signal(partnerDocumentSignal, { kind: 'transcript', partnerId: 'tum' });
      const audit = await waitFor('the returned worker to take up the signal', async () => {
        const entries = await handle.query(auditQuery);
        return entries.length > auditBefore.length ? entries : undefined;
      });
      expect(audit.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(audit.slice(auditBefore.length).map((e) => e.event)).toEqual(['PARTNER_DOCUMENT_NOTED']);
      const view = await cases.get(opened.caseId);
      expect(view.stage).toBe('application');
    } finally {
      await up.stop();
    }
  } finally {
    await env.teardown();
  }
}, 180_000);
