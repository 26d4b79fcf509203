import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Policy } from '../domain/policy';
import { incomingCaseMachine } from '../machines/incoming-case/machine';
import { outgoingCaseMachine } from '../machines/outgoing-case/machine';
import type { StudentRecordSource } from '../stores/student-records';
import { registerConsole } from '../web/console';
import type { VerifyAccessToken } from '../web/identity';
import type { OidcClientSettings } from '../web/oidc';
import type { StaffServices } from './staff';

export interface ConsoleSignIn {
  client: OidcClientSettings;
  verify: VerifyAccessToken;
}

/**
 * The web console on the API's server, over the same staff services, the registrar's records and the case
 * machines (their statecharts are drawn from them). Without `signIn` the console only says sign-in is not set up.
 * The session key is CONSOLE_SESSION_KEY (32 bytes, base64) or, for one process, a fresh one.
 */
export async function mountConsole(
  api: FastifyInstance,
  deps: {
    staff: StaffServices;
    records: StudentRecordSource;
    policy: Policy;
    signIn?: ConsoleSignIn;
    sessionKey?: string;
  },
): Promise<void> {
  const { staff, records, policy } = deps;
  const sessionKey = deps.sessionKey ? Buffer.from(deps.sessionKey, 'base64') : randomBytes(32);
  await registerConsole(api, {
    cases: staff.cases,
    calls: staff.calls,
    ranking: staff.ranking,
    records,
    policy,
    machine: outgoingCaseMachine,
    incoming: staff.incoming,
    outbox: staff.outbox,
    documents: staff.documents,
    incomingMachine: incomingCaseMachine,
    sessionKey,
    signIn: deps.signIn,
    maxUploadBytes: staff.cases.maxUploadBytes(),
  });
}
