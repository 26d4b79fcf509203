import { z } from 'zod';
import type { StudentRecordSource } from '../stores/student-records';
import { EligibilityCall, Instant, EligibilityFacts, type EligibilityVerdict } from '../domain/eligibility';
import type { Policy } from '../domain/policy';
import { CallId } from '../domain/case';
import { StudentRecord } from '../domain/student-record';
import { evaluateEligibility, factsFromRecord } from '../machines/eligibility';
import type { CallRegistry } from '../client/calls';
import { CaseError, invalid } from '../client/errors';

/** Ask whether a student may apply to a call: the registrar record plus English evidence from outside it. */
export const EligibilityRequest = z
  .object({
    studentId: StudentRecord.shape.studentId,
    callId: CallId.optional().describe('an open call, by its id'),
    call: EligibilityCall.optional().describe('a call described in full, to ask before it is opened'),
    at: Instant.optional().describe('the application moment; default: now'),
    ielts: EligibilityFacts.shape.ielts.optional(),
    auditionPassed: EligibilityFacts.shape.auditionPassed.optional(),
  })
  .strict()
  .refine((r) => (r.call === undefined) !== (r.callId === undefined), {
    message: 'name an open call (callId) or describe one (call), not both',
    path: ['callId'],
  });
export type EligibilityRequest = z.infer<typeof EligibilityRequest>;

export interface EligibilityDeps {
  records: StudentRecordSource;
  calls: Pick<CallRegistry, 'get'>;
  policy: Policy;
  now?: () => Date;
}

/** The explained verdict, rule by rule, under the policy in force. */
export async function checkEligibility(raw: unknown, deps: EligibilityDeps): Promise<EligibilityVerdict> {
  const parsed = EligibilityRequest.safeParse(raw);
  if (!parsed.success) throw invalid('invalid eligibility request', parsed.error);
  const { studentId, at, ielts, auditionPassed } = parsed.data;
  const call = parsed.data.call ?? (await openCall(parsed.data.callId!, deps.calls));
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

async function openCall(callId: string, calls: EligibilityDeps['calls']): Promise<EligibilityCall> {
  const open = await calls.get(callId);
  if (!open) throw new CaseError('notFound', `callId: no call ${callId} is open`);
  return EligibilityCall.parse(open);
}
