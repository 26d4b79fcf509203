import type { Client } from '@temporalio/client';
import { createDocumentActivities } from '../activities/documents/activities';
import { openCaseFromRecord } from '../client/applications';
import type { CallRegistry } from '../client/calls';
import { CaseClient } from '../client/cases';
import { IncomingClient } from '../client/incoming';
import type { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { Policy } from '../domain/policy';
import { createCallRegistry } from '../services/calls';
import { createCurriculaService, type CurriculaService } from '../services/curricula';
import { createStatements, type Statements } from '../services/statements';
import { checkEligibility } from '../services/eligibility';
import { rankCall, type CallRanking } from '../services/ranking';
import { callsFile, createFileCallStore } from '../stores/calls';
import type { StudentRecordSource } from '../stores/student-records';
import type { Stores } from './stores';

export interface StaffServices {
  cases: CaseClient;
  calls: CallRegistry;
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  ranking: (callId: string) => Promise<CallRanking>;
  curricula: CurriculaService;
  statements: Statements;
  /** Incoming mobility: nominations from partners and the incoming cases. */
  incoming: IncomingClient;
  /** Opens a case for the signed-in actor from the registrar's record (client/applications.ts). */
  openCase: (actor: Actor, body: unknown) => Promise<CaseView>;
}

/** Curricula, catalogues and the equivalence register on the project's database. */
export function curriculaOn(stores: Pick<Stores, 'curricula' | 'equivalences'>): CurriculaService {
  return createCurriculaService({ curricula: stores.curricula, equivalences: stores.equivalences });
}

/** The embedded call registry: the registry's rules over the calls file under `dataDir`. */
export function embeddedCallRegistry(dataDir: string, policy: Policy): CallRegistry {
  return createCallRegistry({ store: createFileCallStore({ file: callsFile(dataDir) }), policy });
}

/** The explained eligibility verdict over the registrar's records and the calls under `dataDir`. */
export function embeddedEligibility(
  dataDir: string,
  policy: Policy,
  records: StudentRecordSource,
  calls: CallRegistry = embeddedCallRegistry(dataDir, policy),
): (request: unknown) => Promise<EligibilityVerdict> {
  return (request) => checkEligibility(request, { records, calls, policy });
}

/**
 * What the staff interfaces (API, CLI) work with, on the stores the caller opened (app/stores.ts) and the
 * files under `dataDir` not yet moved into the database.
 */
export function staffServices(
  temporal: Client,
  opts: {
    dataDir: string;
    taskQueue: string;
    policy: Policy;
    stores: Pick<Stores, 'records' | 'documents' | 'curricula' | 'equivalences'>;
    searchAttributes?: boolean;
    /** See CaseClientOptions.actionWaitMs. */
    actionWaitMs?: number;
  },
): StaffServices {
  const { dataDir, policy, stores } = opts;
  const calls = embeddedCallRegistry(dataDir, policy);
  const curricula = curriculaOn(stores);
  const { storeDocument } = createDocumentActivities({
    store: stores.documents,
    limits: policy.documents,
  });
  const cases = new CaseClient(temporal, {
    taskQueue: opts.taskQueue,
    policy,
    calls,
    storeDocument,
    searchAttributes: opts.searchAttributes,
    actionWaitMs: opts.actionWaitMs,
  });
  return {
    cases,
    calls,
    eligibility: embeddedEligibility(dataDir, policy, stores.records, calls),
    ranking: (callId) => rankCall(cases, calls, policy, callId),
    curricula,
    statements: createStatements({ curricula, policy }),
    incoming: new IncomingClient(temporal, {
      taskQueue: opts.taskQueue,
      policy,
      storeDocument,
      searchAttributes: opts.searchAttributes,
    }),
    openCase: (actor, body) =>
      openCaseFromRecord({ cases, calls, records: stores.records, policy }, actor, body),
  };
}
