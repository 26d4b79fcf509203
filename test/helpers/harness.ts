import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createDocumentActivities } from '../../activities/documents/activities';
import { createDocumentStore, documentsDir } from '../../stores/documents';
import { FileSystemBlobStore } from '../../stores/blobs';
import { createEmailActivities } from '../../activities/email/activities';
import { sqlOutbox } from '../../stores/sql-outbox';
import { sqlLanguagePreferences } from '../../stores/outbox-languages';
import { createStudentRecordActivities } from '../../activities/student-records/activities';
import { createIncomingDocumentActivities } from '../../activities/incoming-documents/activities';
import { createStatementActivities } from '../../activities/statements/activities';
import { createSqlStudentRecordStore, type StudentRecordStore } from '../../stores/student-records';
import type { CallRegistry } from '../../client/calls';
import { createCallRegistry } from '../../services/calls';
import { CallClient } from '../../client/calls';
import { createSqlAgreementStore } from '../../stores/agreements';
import { CaseClient } from '../../client/cases';
import { curriculaOn, curriculumSource } from '../../app/staff';
import { createSqlCurriculumStore } from '../../stores/curricula';
import { importSeedCurricula } from './curricula';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import type { FundingTrack, OpenCaseRequest } from '../../domain/case';
import type { StudentRecord } from '../../domain/student-record';
import { executableOption, temporalTestServerPath } from '../../app/embedded/temporal-binaries';
import { startSmtpSink, type SmtpSink } from '../../app/embedded/smtp-sink';
import { readInbox } from '../../stores/inbox';
import { workflowsPath } from '../../app/worker';
import { AesGcmPayloadCodec, encryptedDataConverter } from '../../app/codec';
import { codecSealer } from '../../app/document-storage';
import { openDatabase, type OpenDatabase } from '../../app/embedded/database';
import { alwaysOpenPolicy, liveCall, liveRecord, openRequest } from './fixtures';
import type { Policy } from '../../domain/policy';
import { waitFor } from './wait';

/**
 * The harness encrypts payloads as the system does, with a fixed test key (a history recorded through the
 * harness replays with this converter: `Worker.runReplayHistories({ dataConverter: harnessDataConverter, … })`).
 */
const harnessCodec = new AesGcmPayloadCodec({
  activeKeyId: 'test-harness',
  keys: new Map([['test-harness', createHash('sha256').update('kbtu-mobility test harness').digest()]]),
});
const DAY = 24 * 60 * 60 * 1000;
export const harnessDataConverter = encryptedDataConverter(harnessCodec);

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  });
  return bundle;
}

export const OFFICES = {
  di_officer: 'di@kbtu.test',
  dean_office: 'dean@kbtu.test',
  registrar: 'registrar@kbtu.test',
  snss: 'snss@kbtu.test',
  vice_rector: 'vr@kbtu.test',
  finance: 'finance@kbtu.test',
};

/** The offices' heads, the last step of every escalation chain. */
export const HEADS = {
  di_officer: 'head-di@kbtu.test',
  dean_office: 'head-deans@kbtu.test',
  registrar: 'head-registrar@kbtu.test',
  snss: 'head-snss@kbtu.test',
  vice_rector: 'rector@kbtu.test',
  finance: 'head-finance@kbtu.test',
};

/**
 * Gives each test its applicant on the server's clock (the time-skipping server's clock runs ahead of
 * the host's): the track's live call, registered once, and a registrar record that fits it.
 */
export function applicants(records: StudentRecordStore, calls: CallRegistry, clock: () => Promise<number>) {
  return async (
    track: FundingTrack,
    opts: { studyBasis?: 'state_grant' | 'paid'; record?: Partial<StudentRecord> } = {},
  ): Promise<OpenCaseRequest> => {
    const now = await clock();
    let call = liveCall(track, now);
    // Earlier tests of a file skip time: a call registered then may have closed since. A later applicant
    // gets a call of its own, opened today, rather than one whose window has passed.
    const registered = await calls.get(call.id);
    const closesAt = registered?.window ? Date.parse(registered.window.closesAt) : Infinity;
    if (registered && closesAt <= now + DAY) call = { ...call, id: `${call.id}-${Math.floor(now / DAY)}` };
    if (!(await calls.get(call.id))) await calls.open(call);
    const request = openRequest(track, {
      studyBasis: opts.studyBasis,
      callId: call.id,
      semester: call.mobilitySemester,
    });
    await records.upsertMany([liveRecord(request.student.id, request.student.studyBasis, opts.record, now)]);
    return request;
  };
}

export interface HarnessOptions {
  officeMailboxes?: Partial<typeof OFFICES>;
  /** The policy new cases pin (default `alwaysOpenPolicy`). */
  policy?: Policy;
  /** Mail goes to this SMTP server (a test relay) instead of the embedded sink; `inbox` is then empty. */
  smtpPort?: number;
  /** New cases run on the demonstration clock (DEMO_DAY_SECONDS): a day lasts this many ms. */
  dayMs?: number;
}

/**
 * A time-skipping Temporal test server, a real SMTP sink on a free port, and a worker running the real
 * workflow and its activities (email, student records, document checks) on stores in a temporary folder.
 * One per test file; `teardown` stops all of it.
 */
export async function startTimeSkippingHarness(opts: HarnessOptions = {}) {
  const policy = opts.policy ?? alwaysOpenPolicy;
  const dir = await mkdtemp(join(tmpdir(), 'mobility-wf-'));
  const inboxDir = join(dir, 'inbox');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(temporalTestServerPath()) },
    client: { dataConverter: harnessDataConverter },
  });
  let sink: SmtpSink | undefined;
  let database: OpenDatabase | undefined;
  try {
    database = await openDatabase({ dataDir: dir });
    sink = await startSmtpSink({ host: '127.0.0.1', port: 0, inboxDir });
    const languages = sqlLanguagePreferences(database.db);
    const taskQueue = `cases-${Date.now()}`;
    const activities = createEmailActivities({
      smtp: { host: '127.0.0.1', port: opts.smtpPort ?? sink.port, ignoreTLS: true },
      from: 'mobility@kbtu.test',
      directory: { offices: { ...OFFICES, ...opts.officeMailboxes }, heads: HEADS },
      outbox: sqlOutbox(database.db),
      languages,
      consoleUrl: 'http://console.kbtu.test',
    });
    const records = createSqlStudentRecordStore(database.db);
    const documentStore = createDocumentStore({
      db: database.db,
      blobs: new FileSystemBlobStore(documentsDir(dir)),
      sealer: codecSealer(harnessCodec),
    });
    const documents = createDocumentActivities({ store: documentStore, limits: policy.documents });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: harnessDataConverter,
      activities: {
        ...activities,
        ...documents,
        ...createStudentRecordActivities({ source: records }),
        ...createIncomingDocumentActivities({ store: documentStore }),
        ...createStatementActivities({ store: documentStore }),
      },
    });
    const running = worker.run();
    const calls = createCallRegistry({
      calls: new CallClient(env.client, { taskQueue }),
      policy,
      agreements: createSqlAgreementStore(database.db),
    });
    const equivalences = createSqlEquivalenceStore(database.db);
    const curricula = curriculaOn({ curricula: createSqlCurriculumStore(database.db), equivalences });
    await importSeedCurricula(curricula);
    const cases = new CaseClient(env.client, {
      taskQueue,
      policy,
      calls,
      storeDocument: documents.storeDocument,
      curricula: curriculumSource(curricula, equivalences),
      searchAttributes: false,
      ...(opts.dayMs ? { dayMs: opts.dayMs } : {}),
    });
    const openSink = sink;
    const openDb = database;
    return {
      env,
      cases,
      documents,
      documentStore,
      records,
      calls,
      curricula,
      languages,
      applicant: applicants(records, calls, () => env.currentTimeMs()),
      taskQueue,
      /** The temporary folder the stores keep their files in. */
      dataDir: dir,
      inbox: (filter: { to?: string; caseId?: string } = {}) => readInbox(inboxDir, filter),
      /** Waits until a message whose subject contains `subject` reaches `to`. */
      waitForMail: (to: string, subject: string) =>
        waitFor(`mail "${subject}" to ${to}`, async () =>
          (await readInbox(inboxDir, { to })).find((m) => m.subject.includes(subject)),
        ),
      async teardown() {
        worker.shutdown();
        await running;
        await openSink.close();
        await env.teardown();
        await openDb.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sink?.close();
    await env.teardown();
    await database?.close();
    throw err;
  }
}
export type Harness = Awaited<ReturnType<typeof startTimeSkippingHarness>>;
