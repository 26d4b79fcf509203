import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/mobility';
import { sessionStore } from '../cli/session';
import { importLegacyJson } from '../services/legacy-import';
import { payloadCodecFromConfig } from './codec';
import { claimNames, loadConfig, loadPolicy } from './config';
import { CLI_CLIENT_ID } from './embedded/identity-users';
import { databaseLocation, openStores, type Stores } from './stores';

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/**
 * `mobility …` (bin/mobility.js): the case commands through the HTTP API with the token of `mobility login`
 * (kept under the user's config folder), the administrative ones on this machine's database and files.
 */
const config = loadConfig();
const policy = once(() => loadPolicy(config.POLICY_FILE));
let opened: Promise<Stores> | undefined;
const stores = () => (opened ??= openStores(config, payloadCodecFromConfig(config).codec));
const local = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');

runCli(process.argv.slice(2), {
  apiUrl: config.MOBILITY_API_URL ?? `http://${local(config.API_HOST)}:${config.API_PORT}`,
  signIn: {
    issuer: config.OIDC_ISSUER ?? `http://${local(config.IDP_HOST)}:${config.IDP_PORT}`,
    clientId: config.OIDC_CLI_CLIENT_ID ?? CLI_CLIENT_ID,
  },
  claims: claimNames(config),
  sessions: sessionStore(join(configHome, 'kbtu-mobility')),
  ...(process.env.MOBILITY_USER ? { user: process.env.MOBILITY_USER } : {}),
  records: () => ({
    // Opened on first use, so that a refused import leaves no database behind.
    store: {
      get: async (id) => (await stores()).records.get(id),
      upsertMany: async (records) => (await stores()).records.upsertMany(records),
      replaceAll: async (records) => (await stores()).records.replaceAll(records),
    },
    where: databaseLocation(config),
  }),
  languages: () => ({
    store: {
      languageOf: async (address) => (await stores()).languages.languageOf(address),
      setMany: async (preferences) => (await stores()).languages.setMany(preferences),
    },
    where: databaseLocation(config),
  }),
  agreements: () => ({
    store: {
      replaceAll: async (agreements, source) => (await stores()).agreements.replaceAll(agreements, source),
    },
    where: databaseLocation(config),
  }),
  data: () => ({
    importJson: async () => importLegacyJson(config.DATA_DIR, await stores()),
    where: databaseLocation(config),
  }),
  // The staff services (and the policy) are loaded only by the one local command that needs them.
  eligibility: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: the staff services pull in Temporal's client and pdf-lib, seconds of start-up no other command needs
    const { embeddedEligibility } = require('./staff') as typeof import('./staff');
    // A call named by id alone is read through the API by the command itself (cli/eligibility.ts) and
    // asked about in full, so no call is looked up here.
    const noCalls = { get: async () => null };
    const verdict = stores().then((st) => embeddedEligibility(policy(), st.records, noCalls));
    return async (request) => (await verdict)(request);
  },
  release: async () => {
    const open = await opened?.catch(() => undefined); // a failure to open was reported by its command
    await open?.close();
  },
});
