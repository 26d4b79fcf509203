import { z } from 'zod';
import type { Actor } from '../domain/actor';
import { ApplicationChannel, CallId, FundingTrack, OpenCaseRequest, Semester, Student } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import type { Policy } from '../domain/policy';
import { OPEN_CASE_ROLES } from '../machines/outgoing-case/opening';
import type { StudentRecordSource } from '../stores/student-records';
import type { CallRegistry } from './calls';
import type { CaseClient } from './cases';
import { CaseError, invalid, invalidFields } from './errors';

/**
 * What a signed-in caller sends to open a case. Who the student is (name, email, school, degree, basis)
 * comes from the registrar's record, never from the request: a student applies for themself, DI registers
 * an application received by email by the student's id. Track and semester default to the call's, the
 * channel to the policy's for the student's degree; given, each is checked against them.
 */
export const OpenCaseBody = z
  .object({
    callId: CallId,
    studentId: Student.shape.id
      .optional()
      .describe("the registrar id of the student (DI); a student's own case needs none"),
    track: FundingTrack.optional(),
    semester: Semester.optional(),
    channel: ApplicationChannel.optional(),
    preferences: OpenCaseRequest.shape.preferences,
  })
  .strict();
export type OpenCaseBody = z.infer<typeof OpenCaseBody>;

export interface ApplicationDeps {
  cases: Pick<CaseClient, 'open'>;
  calls: Pick<CallRegistry, 'get'>;
  records: StudentRecordSource;
  policy: Pick<Policy, 'applicationChannels'>;
}

/** Opens a case for `actor` from the registrar's record of the student it names (or is). */
export async function openCaseFromRecord(
  deps: ApplicationDeps,
  actor: Actor,
  raw: unknown,
): Promise<CaseView> {
  const parsed = OpenCaseBody.safeParse(raw);
  if (!parsed.success) throw invalid('invalid case', parsed.error);
  const body = parsed.data;
  if (!OPEN_CASE_ROLES.includes(actor.role)) {
    throw new CaseError(
      'forbidden',
      `role ${actor.role} may not open a case; it is for: ${OPEN_CASE_ROLES.join(', ')}`,
    );
  }
  const studentId = body.studentId ?? (actor.role === 'student' ? actor.id : undefined);
  if (!studentId) {
    throw invalidFields('invalid case', [{ path: 'studentId', message: 'name the student (registrar id)' }]);
  }
  if (actor.role === 'student' && studentId !== actor.id) {
    throw new CaseError(
      'forbidden',
      `student ${actor.id} may open a case only for themself, not for ${studentId}`,
    );
  }
  const record = await deps.records.get(studentId);
  if (!record) throw new CaseError('notFound', `no registrar record of student ${studentId}`);
  const call = await deps.calls.get(body.callId);
  if (!call) {
    const message = `no call ${body.callId} is open; staff open calls with "mobility calls open" or POST /calls`;
    throw invalidFields('invalid case', [{ path: 'callId', message }]);
  }
  return deps.cases.open({
    student: {
      id: record.studentId,
      fullName: record.fullName,
      email: record.email,
      school: record.school,
      degree: record.degree,
      studyBasis: record.studyBasis,
    },
    track: body.track ?? call.track,
    callId: body.callId,
    semester: body.semester ?? call.mobilitySemester,
    channel: body.channel ?? deps.policy.applicationChannels[record.degree],
    actor,
    ...(body.preferences ? { preferences: body.preferences } : {}),
  });
}
