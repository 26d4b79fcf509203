import type { Client } from '@temporalio/client';
import { createDocumentActivities } from '../activities/documents/activities';
import { openCaseFromRecord } from '../client/applications';
import { CallClient, type CallRegistry } from '../client/calls';
import { CaseClient } from '../client/cases';
import type { CurriculumSource } from '../client/curriculum-facts';
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
import type { AgreementStore } from '../stores/agreements';
import type { EquivalenceStore } from '../stores/equivalences';
import type { DocumentStore } from '../stores/documents';
import type { OutboxStore } from '../stores/outbox';
import type { StudentRecordSource } from '../stores/student-records';
import type { Stores } from './stores';

export interface StaffServices {
  cases: CaseClient;
  calls: CallRegistry;
  agreements: AgreementStore;
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  ranking: (callId: string) => Promise<CallRanking>;
  curricula: CurriculaService;
  statements: Statements;
  /** Incoming mobility: nominations from partners and the incoming cases. */
  incoming: IncomingClient;
  /** The delivery record of every message; a case's messages are read from it. */
  outbox: Pick<OutboxStore, 'byCase'>;
  /** The stored documents, read back: the PDFs KBTU made for an incoming case are downloaded from it. */
  documents: Pick<DocumentStore, 'get'>;
  /** Opens a case for the signed-in actor from the registrar's record (client/applications.ts). */
  openCase: (actor: Actor, body: unknown) => Promise<CaseView>;
}

/** Curricula, catalogues and the equivalence register on the project's database. */
export function curriculaOn(stores: Pick<Stores, 'curricula' | 'equivalences'>): CurriculaService {
  return createCurriculaService({ curricula: stores.curricula, equivalences: stores.equivalences });
}

/** What a case's individual curriculum is computed from, and where its agreed matches are kept. */
export function curriculumSource(
  curricula: Pick<CurriculaService, 'semester' | 'catalogue'>,
  register: Pick<EquivalenceStore, 'record'>,
): CurriculumSource {
  return {
    semester: (programme, semester) => curricula.semester(programme, semester),
    catalogue: (partnerId) => curricula.catalogue(partnerId),
    recordEquivalences: (entries) => register.record(entries),
  };
}

/** The call registry: its rules over the call workflows on `temporal` and the stored partner agreements. */
export function callRegistry(
  temporal: Client,
  opts: { taskQueue: string; policy: Policy; agreements: AgreementStore },
): CallRegistry {
  return createCallRegistry({
    calls: new CallClient(temporal, { taskQueue: opts.taskQueue }),
    policy: opts.policy,
    agreements: opts.agreements,
  });
}

/** The explained eligibility verdict over the registrar's records; calls named by id come from `calls`. */
export function embeddedEligibility(
  policy: Policy,
  records: StudentRecordSource,
  calls: Pick<CallRegistry, 'get'>,
): (request: unknown) => Promise<EligibilityVerdict> {
  return (request) => checkEligibility(request, { records, calls, policy });
}

/**
 * What the staff interfaces (API, CLI) work with, on the stores the caller opened (app/stores.ts) and
 * the case and call workflows.
 */
export function staffServices(
  temporal: Client,
  opts: {
    taskQueue: string;
    policy: Policy;
    stores: Pick<
      Stores,
      'records' | 'documents' | 'curricula' | 'equivalences' | 'outbox' | 'agreements' | 'placeClaims'
    >;
    searchAttributes?: boolean;
    /** See CaseClientOptions.actionWaitMs. */
    actionWaitMs?: number;
    /** See CaseClientOptions.dayMs. */
    dayMs?: number;
  },
): StaffServices {
  const { policy, stores } = opts;
  const calls = callRegistry(temporal, { ...opts, agreements: stores.agreements });
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
    curricula: curriculumSource(curricula, stores.equivalences),
    searchAttributes: opts.searchAttributes,
    actionWaitMs: opts.actionWaitMs,
    dayMs: opts.dayMs,
  });
  return {
    cases,
    calls,
    agreements: stores.agreements,
    eligibility: embeddedEligibility(policy, stores.records, calls),
    ranking: (callId) => rankCall(calls, callId),
    curricula,
    statements: createStatements({ curricula, policy }),
    incoming: new IncomingClient(temporal, {
      taskQueue: opts.taskQueue,
      policy,
      storeDocument,
      placeClaims: stores.placeClaims,
      agreements: stores.agreements,
      searchAttributes: opts.searchAttributes,
      actionWaitMs: opts.actionWaitMs,
    }),
    outbox: stores.outbox,
    documents: stores.documents,
    openCase: (actor, body) =>
      openCaseFromRecord({ cases, calls, records: stores.records, policy }, actor, body),
  };
}
