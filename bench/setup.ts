import { rm } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import { loadPolicy } from '../app/config';
import { staffServices } from '../app/staff';
import { createWorker } from '../app/worker';
import type { CaseClient } from '../client/cases';
import { studentOf } from '../test/helpers/fixtures';
import { workflowBundle } from '../test/helpers/harness';
import type { OpenCaseRequest } from '../domain/case';
import { documentBytes, happyPath, isUpload, type Step, type Upload } from '../test/helpers/paths';
import { api, startTestSystem, systemApplicants, testConfig } from '../test/helpers/system';

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/** The track whose happy path is the longest: every document, the paper folder, the grant and its report. */
export const TRACK = 'mshe';
export const STUDY_BASIS = 'state_grant';

/**
 * Everything the bench runs on, started once: the embedded system as `npm start` wires it (dev server on
 * SQLite, SMTP sink, case worker, HTTP API) on free ports and a temporary folder, and beside it a worker
 * built by the same factory with the same settings that runs only the bare workflow, on its own task
 * queue and from its own bundle.
 */
export async function startBench() {
  const config = await testConfig();
  const system = await startTestSystem(config);
  const stops: (() => Promise<void>)[] = [
    () => system.stop(),
    () => rm(config.DATA_DIR, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error('bench: stop failed:', err));
  };
  try {
    const caseBundle = await workflowBundle();
    const bareBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./bare-workflow'),
      logger: silent,
    });
    const bareQueue = `${config.TASK_QUEUE}-bare`;
    const connection = await NativeConnection.connect({ address: system.temporalAddress });
    stops.push(() => connection.close());
    const bareWorker = await createWorker({ ...config, TASK_QUEUE: bareQueue }, connection, system.stores, {
      workflowBundle: bareBundle,
    });
    const running = bareWorker.run();
    stops.push(async () => {
      if (bareWorker.getState() === 'RUNNING') bareWorker.shutdown();
      await running;
    });

    const steps = happyPath(TRACK, STUDY_BASIS);
    /** The path as the case's own student walks it: a student may act only on their own case. */
    const stepsOf = (request: OpenCaseRequest): Step[] => happyPath(TRACK, STUDY_BASIS, studentOf(request));
    const bytes = new Map<string, Uint8Array>();
    for (const s of steps) if (isUpload(s)) bytes.set(s.upload, await documentBytes(s.upload));
    const applicant = systemApplicants(config, system);
    const temporal: Client = system.cases.temporal;

    return {
      config,
      system,
      /** The bench's own worker connection, for the workers it creates besides the system's. */
      connection,
      cases: system.cases,
      /** The system's own client: the bare workflow is reached the same way, through the same converter. */
      temporal,
      apiUrl: system.apiUrl,
      /** The staff API, signed in as each step's actor. */
      http: api(system, config),
      bareQueue,
      caseBundle,
      bareBundle,
      /** The happy path of the track; `stepsOf` gives it to one case. */
      steps,
      stepsOf,
      /** A new student with a registrar record and the live call of the track: a request to open a case. */
      request: () => applicant(TRACK, { studyBasis: STUDY_BASIS }),
      /** The case client of the system on another task queue (the memory bench's own worker serves it). */
      casesOn: (taskQueue: string): CaseClient =>
        staffServices(temporal, {
          taskQueue,
          policy: loadPolicy(config.POLICY_FILE),
          stores: system.stores,
        }).cases,
      /** The payload codecs of the system's client, for the workers the bench creates itself. */
      dataConverter: (): DataConverter => ({
        payloadCodecs: [...temporal.options.loadedDataConverter.payloadCodecs],
      }),
      upload: (cases: CaseClient, caseId: string, s: Upload) =>
        cases.upload(
          caseId,
          { kind: s.upload, actor: s.actor, fileName: `${s.upload}.bin`, ...s.fields },
          bytes.get(s.upload)!,
        ),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
export type Bench = Awaited<ReturnType<typeof startBench>>;
