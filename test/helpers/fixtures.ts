import type { Actor } from '../../domain/actor';
import type { FundingTrack, OpenCaseRequest } from '../../domain/case';
import { join } from 'node:path';
import { toPolicyRef, type PolicyRef } from '../../domain/policy';
import { loadPolicy } from '../../workers/config';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
import { outgoingCaseId } from '../../domain/case';

/** The shipped policy file, as a case pins it. */
export const SHIPPED_POLICY_FILE = join(__dirname, '..', '..', 'policies', '2022-2023.json');
export const policy: PolicyRef = toPolicyRef(loadPolicy(SHIPPED_POLICY_FILE));

export const as = {
  student: { id: 'student-1', role: 'student' },
  di: { id: 'aliya.di', role: 'di_officer' },
  dean: { id: 'dean.site', role: 'dean_office' },
  viceRector: { id: 'vr', role: 'vice_rector' },
  finance: { id: 'fin', role: 'finance' },
  snss: { id: 'snss', role: 'snss' },
  partner: { id: 'tum', role: 'partner' },
  auditor: { id: 'audit', role: 'auditor' },
} satisfies Record<string, Actor>;

let counter = 0;
/** A student id unique to this test run, so every test has its own workflow id. */
export function uniqueStudentId(): string {
  counter += 1;
  return `T${Date.now().toString(36).toUpperCase()}${counter}`.slice(0, 20);
}

export function openRequest(
  track: FundingTrack,
  overrides: { studyBasis?: 'state_grant' | 'paid'; studentId?: string; callId?: string } = {},
): OpenCaseRequest {
  return {
    student: {
      id: overrides.studentId ?? uniqueStudentId(),
      fullName: 'Aruzhan Test',
      email: 'aruzhan@student.kbtu.kz',
      school: 'SITE',
      degree: 'bachelor',
      studyBasis: overrides.studyBasis ?? (track === 'mshe' ? 'state_grant' : 'paid'),
    },
    track,
    callId: overrides.callId ?? `call-${track.replace('_', '-')}-2027`,
    semester: '2027-spring',
    channel: 'uninet',
    actor: as.di,
  };
}

export function caseInput(
  track: FundingTrack,
  overrides: Parameters<typeof openRequest>[1] = {},
): OutgoingCaseInput {
  const r = openRequest(track, overrides);
  return {
    caseId: outgoingCaseId(r.callId, r.student.id),
    student: r.student,
    track: r.track,
    callId: r.callId,
    semester: r.semester,
    channel: r.channel,
    policy,
    openedBy: r.actor,
  };
}
