import type { AnyStateMachine } from 'xstate';
import type { CallRegistry } from '../client/calls';
import type { CaseClient } from '../client/cases';
import type { IncomingClient } from '../client/incoming';
import type { Policy } from '../domain/policy';
import type { CallRanking } from '../services/ranking';
import type { DocumentStore } from '../stores/documents';
import type { OutboxStore } from '../stores/outbox';
import type { StudentRecordSource } from '../stores/student-records';
import type { VerifyAccessToken } from './identity';
import type { OidcClientSettings } from './oidc';
import type { CookieSeal } from './session';

export interface ConsoleDeps {
  cases: CaseClient;
  calls: CallRegistry;
  ranking: (callId: string) => Promise<CallRanking>;
  /** The registrar's records: a student's application is opened from theirs, never from typed details. */
  records: StudentRecordSource;
  policy: Policy;
  /** The case machine: the statechart on the case page is drawn from it. */
  machine: AnyStateMachine;
  /** Incoming mobility: partners' nominees, their cases and uploads, as the API reaches them. */
  incoming: IncomingClient;
  /** The delivery record of every message: the case pages list a case's messages from it. */
  outbox: Pick<OutboxStore, 'byCase'>;
  /** The stored documents: an incoming case's invitation letter and transcript download from it. */
  documents: Pick<DocumentStore, 'get'>;
  /** The incoming case machine, for the incoming case page's statechart and the stages of its list. */
  incomingMachine: AnyStateMachine;
  /** 32 bytes that seal the session cookies; the same on every API instance behind one address. */
  sessionKey: Uint8Array;
  /** How people sign in; absent, the console says sign-in is not configured and shows nothing else. */
  signIn?: { client: OidcClientSettings; verify: VerifyAccessToken };
  /** Cookies only over HTTPS: true behind TLS. */
  secureCookies?: boolean;
  maxUploadBytes: number;
  now?: () => Date;
}

/** What the pages work with: the injected services, the cookie seal and the clock. */
export interface ConsoleContext extends Omit<ConsoleDeps, 'now'> {
  seal: CookieSeal;
  now: () => Date;
}
