import { z } from 'zod';
import type { StudentRecordSource } from '../activities/student-records/source';
import {
  EligibilityCall,
  factsFromRecord,
  Instant,
  EligibilityFacts,
  type EligibilityVerdict,
} from '../domain/eligibility';
import type { Policy } from '../domain/policy';
import { StudentRecord } from '../domain/student-record';
import { evaluateEligibility } from '../machines/eligibility';
import { CaseError, invalid } from './errors';

/** Ask whether a student may apply to a call: the registrar record plus English evidence from outside it. */
export const EligibilityRequest = z
  .object({
    studentId: StudentRecord.shape.studentId,
    call: EligibilityCall,
    at: Instant.optional().describe('the application moment; default: now'),
    ielts: EligibilityFacts.shape.ielts.optional(),
    auditionPassed: EligibilityFacts.shape.auditionPassed.optional(),
  })
  .strict();
export type EligibilityRequest = z.infer<typeof EligibilityRequest>;

export interface EligibilityDeps {
  records: StudentRecordSource;
  policy: Policy;
  now?: () => Date;
}

/** The explained verdict, rule by rule, under the policy in force. */
export async function checkEligibility(raw: unknown, deps: EligibilityDeps): Promise<EligibilityVerdict> {
  const parsed = EligibilityRequest.safeParse(raw);
  if (!parsed.success) throw invalid('invalid eligibility request', parsed.error);
  const { studentId, call, at, ielts, auditionPassed } = parsed.data;
  const record = await deps.records.get(studentId);
  if (!record) {
    throw new CaseError(
      'notFound',
      `the registrar has no record of student ${studentId}; load it with "mobility records import FILE.csv"`,
    );
  }
  return evaluateEligibility({
    facts: factsFromRecord(record, { ielts, auditionPassed }),
    track: call.track,
    call,
    at: at ?? (deps.now ?? (() => new Date()))().toISOString(),
    policy: deps.policy,
  });
}
