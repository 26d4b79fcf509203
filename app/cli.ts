import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli } from '../cli/mobility';
import { importLegacyJson } from '../services/legacy-import';
import { fileInbox } from '../stores/inbox';
import { encryptedDataConverter, payloadCodecFromConfig } from './codec';
import { loadConfig, loadPolicy } from './config';
import { embeddedCallRegistry, embeddedCurricula, embeddedEligibility, staffServices } from './staff';
import { databaseLocation, openStores, type Stores } from './stores';

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/** `mobility …` (bin/mobility.js): the CLI over the project's database and stores and the Temporal server. */
const config = once(() => loadConfig());
const policy = once(() => loadPolicy(config().POLICY_FILE));
const codec = once(() => payloadCodecFromConfig(config()).codec);
let opened: Promise<Stores> | undefined;
const stores = () => (opened ??= openStores(config(), codec()));

runCli(process.argv.slice(2), {
  inbox: () => fileInbox(join(config().DATA_DIR, 'inbox')),
  records: () => ({
    // Opened on first use, so that a refused import leaves no database behind.
    store: {
      get: async (id) => (await stores()).records.get(id),
      upsertMany: async (records) => (await stores()).records.upsertMany(records),
      replaceAll: async (records) => (await stores()).records.replaceAll(records),
    },
    where: databaseLocation(config()),
  }),
  data: () => ({
    importJson: async () => importLegacyJson(config().DATA_DIR, await stores()),
    where: databaseLocation(config()),
  }),
  calls: () => embeddedCallRegistry(config().DATA_DIR, policy()),
  eligibility: () => {
    const verdict = stores().then((s) => embeddedEligibility(config().DATA_DIR, policy(), s.records));
    return async (request) => (await verdict)(request);
  },
  curricula: () => embeddedCurricula(config().DATA_DIR),
  connect: async () => {
    const c = config();
    const connection = await Connection.connect({
      address: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    });
    const dataConverter = encryptedDataConverter(codec());
    const temporal = new Client({ connection, namespace: c.TEMPORAL_NAMESPACE, dataConverter });
    const { cases, ranking } = staffServices(temporal, {
      dataDir: c.DATA_DIR,
      taskQueue: c.TASK_QUEUE,
      policy: policy(),
      stores: await stores(),
    });
    return { cases, ranking, close: () => connection.close() };
  },
  release: async () => {
    const open = await opened?.catch(() => undefined); // a failure to open was reported by its command
    await open?.close();
  },
});
