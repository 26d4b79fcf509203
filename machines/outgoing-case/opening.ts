import type { Role } from '../../domain/actor';
import type { OpenCaseRequest } from '../../domain/case';
import type { EligibilityCall } from '../../domain/eligibility';
import type { Policy } from '../../domain/policy';
import { REFUSAL, type Refusal } from './conditions';

/** Who may open a case: the student applying, or a DI officer registering an application received by email. */
export const OPEN_CASE_ROLES: readonly Role[] = ['student', 'di_officer'];

const invalid = (path: string, message: string): Refusal => ({
  type: REFUSAL.invalidPayload,
  message: `invalid case: ${path}: ${message}`,
  issues: [{ path, message }],
});

/**
 * Why a case cannot open for this request, or null: the rules a case must meet before it exists, beside
 * the machine that runs it. `call` is the registered call the request names, if there is one.
 */
export function openingRefusal(
  request: OpenCaseRequest,
  call: EligibilityCall | undefined,
  policy: Pick<Policy, 'version' | 'applicationChannels'>,
): Refusal | null {
  const { student, track, callId, semester, channel, actor } = request;
  if (!OPEN_CASE_ROLES.includes(actor.role)) {
    return {
      type: REFUSAL.roleNotAllowed,
      message: `role ${actor.role} may not open a case; it is for: ${OPEN_CASE_ROLES.join(', ')}`,
    };
  }
  if (actor.role === 'student' && actor.id !== student.id) {
    return {
      type: REFUSAL.notInScope,
      message: `student ${actor.id} may open a case only for themself, not for ${student.id}`,
    };
  }
  const expected = policy.applicationChannels[student.degree];
  if (channel !== expected) {
    return invalid(
      'channel',
      `${student.degree}s apply through ${expected} (policy ${policy.version}), not ${channel}`,
    );
  }
  if (!call)
    return invalid(
      'callId',
      `no call ${callId} is open; staff open calls with "mobility calls open" or POST /calls`,
    );
  if (call.track !== track) return invalid('track', `call ${callId} is a ${call.track} call, not ${track}`);
  if (call.mobilitySemester !== semester) {
    return invalid(
      'semester',
      `call ${callId} is for the ${call.mobilitySemester} semester, not ${semester}`,
    );
  }
  return null;
}
