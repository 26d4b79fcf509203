import type { Client } from '@temporalio/client';
import { createDocumentActivities } from '../activities/documents/activities';
import { documentsDir, FileSystemDocumentStore } from '../activities/documents/store';
import { createFileStudentRecordStore, studentRecordsFile } from '../activities/student-records/source';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { Policy } from '../domain/policy';
import { callsFile, createFileCallRegistry, type CallRegistry } from './calls';
import { CaseClient } from './cases';
import { checkEligibility } from './eligibility';
import { rankCall, type CallRanking } from './ranking';

export interface StaffServices {
  cases: CaseClient;
  calls: CallRegistry;
  eligibility: (request: unknown) => Promise<EligibilityVerdict>;
  ranking: (callId: string) => Promise<CallRanking>;
}

/**
 * What the staff interfaces (API, CLI) work with, on the embedded stores under `dataDir`. At scale the
 * stores are swapped behind their interfaces (registrar API, S3-compatible documents, a calls table).
 */
export function staffServices(
  temporal: Client,
  opts: { dataDir: string; taskQueue: string; policy: Policy; searchAttributes?: boolean },
): StaffServices {
  const { dataDir, policy } = opts;
  const calls = createFileCallRegistry({ file: callsFile(dataDir), policy });
  const { storeDocument } = createDocumentActivities({
    store: new FileSystemDocumentStore(documentsDir(dataDir)),
    limits: policy.documents,
  });
  const cases = new CaseClient(temporal, {
    taskQueue: opts.taskQueue,
    policy,
    calls,
    storeDocument,
    searchAttributes: opts.searchAttributes,
  });
  const records = createFileStudentRecordStore({ file: studentRecordsFile(dataDir) });
  return {
    cases,
    calls,
    eligibility: (request) => checkEligibility(request, { records, calls, policy }),
    ranking: (callId) => rankCall(cases, calls, policy, callId),
  };
}
