import { Client, Connection } from '@temporalio/client';
import { createFileStudentRecordStore, studentRecordsFile } from '../activities/student-records/source';
import { CaseClient } from '../client/cases';
import { checkEligibility } from '../client/eligibility';
import { loadConfig, loadPolicy } from '../workers/config';
import { buildApi } from './server';

/** The staff API on its own, for deployments that run it apart from the workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS: required for a stand-alone API');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const policy = loadPolicy(config.POLICY_FILE);
  const cases = new CaseClient(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), {
    taskQueue: config.TASK_QUEUE,
    policy,
  });
  // At scale the records come from the registrar's API behind the same StudentRecordSource interface.
  const records = createFileStudentRecordStore({ file: studentRecordsFile(config.DATA_DIR) });
  const app = buildApi({ cases, eligibility: (req) => checkEligibility(req, { records, policy }) });
  const url = await app.listen({ host: config.API_HOST, port: config.API_PORT });
  console.log(`staff API at ${url}`);
  const stop = () => {
    app
      .close()
      .then(() => connection.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
