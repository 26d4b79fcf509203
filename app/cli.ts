import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli } from '../cli/mobility';
import { fileInbox } from '../stores/inbox';
import { createFileStudentRecordStore, studentRecordsFile } from '../stores/student-records';
import { encryptedDataConverter, payloadCodecFromConfig } from './codec';
import { loadConfig, loadPolicy } from './config';
import { embeddedCallRegistry, embeddedCurricula, embeddedEligibility, staffServices } from './staff';

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/** `mobility …` (bin/mobility.js): the CLI over the embedded stores under DATA_DIR and the Temporal server. */
const config = once(() => loadConfig());
const policy = once(() => loadPolicy(config().POLICY_FILE));

runCli(process.argv.slice(2), {
  inbox: () => fileInbox(join(config().DATA_DIR, 'inbox')),
  records: () => {
    const file = studentRecordsFile(config().DATA_DIR);
    return { file, store: createFileStudentRecordStore({ file }) };
  },
  calls: () => embeddedCallRegistry(config().DATA_DIR, policy()),
  eligibility: () => embeddedEligibility(config().DATA_DIR, policy()),
  curricula: () => embeddedCurricula(config().DATA_DIR),
  connect: async () => {
    const c = config();
    const connection = await Connection.connect({
      address: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    });
    const dataConverter = encryptedDataConverter(payloadCodecFromConfig(c).codec);
    const temporal = new Client({ connection, namespace: c.TEMPORAL_NAMESPACE, dataConverter });
    const { cases, ranking } = staffServices(temporal, {
      dataDir: c.DATA_DIR,
      taskQueue: c.TASK_QUEUE,
      policy: policy(),
    });
    return { cases, ranking, close: () => connection.close() };
  },
});
