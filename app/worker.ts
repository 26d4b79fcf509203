import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDocumentActivities } from '../activities/documents/activities';
import { createEmailActivities } from '../activities/email/activities';
import { createStudentRecordActivities } from '../activities/student-records/activities';
import { createIncomingDocumentActivities } from '../activities/incoming-documents/activities';
import { createStatementActivities } from '../activities/statements/activities';
import { encryptedDataConverter, payloadCodecFromConfig } from './codec';
import { loadPolicy, mailDirectory, type Config } from './config';
import type { Stores } from './stores';

export type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

export const workflowsPath = require.resolve('../workflows');

/**
 * The worker for mobility cases: workflows from `workflows/`, activities built from their dependencies
 * (the stores opened by the caller); every payload it writes is encrypted with `codec` (by default the one
 * the configuration's keys make).
 */
export async function createWorker(
  config: Config,
  connection: NativeConnection,
  stores: Pick<Stores, 'outbox' | 'records' | 'documents' | 'languages'>,
  source: WorkflowSource = { workflowsPath },
  codec: PayloadCodec = payloadCodecFromConfig(config).codec,
): Promise<Worker> {
  const activities = {
    ...createEmailActivities({
      smtp: {
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE === 'true',
        ignoreTLS: config.SMTP_EXTERNAL === 'false',
      },
      from: config.MAIL_FROM,
      directory: mailDirectory(config),
      outbox: stores.outbox,
      languages: stores.languages,
      consoleUrl: config.CONSOLE_URL,
    }),
    ...createDocumentActivities({
      store: stores.documents,
      limits: loadPolicy(config.POLICY_FILE).documents,
    }),
    ...createStudentRecordActivities({
      source: stores.records,
    }),
    ...createIncomingDocumentActivities({ store: stores.documents }),
    ...createStatementActivities({ store: stores.documents }),
  };
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    activities,
    dataConverter: encryptedDataConverter(codec),
    ...source,
    ...workerTuning(config),
  });
}

/** The tuning a deployment set (README "Deploying at scale"); what it left unset stays the SDK's default. */
export function workerTuning(config: Config): Partial<WorkerOptions> {
  const tuning: Partial<WorkerOptions> = {
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    stickyQueueScheduleToStartTimeout:
      config.WORKER_STICKY_QUEUE_TIMEOUT_SECONDS === undefined
        ? undefined
        : config.WORKER_STICKY_QUEUE_TIMEOUT_SECONDS * 1000,
  };
  return Object.fromEntries(Object.entries(tuning).filter(([, v]) => v !== undefined));
}
