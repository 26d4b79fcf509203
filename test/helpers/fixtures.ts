import { join } from 'node:path';
import type { Actor } from '../../domain/actor';
import { localDateParts, termOfDate, termOfSemester, termOrdinal } from '../../domain/calendar';
import type { OpenCallRequest } from '../../domain/call';
import { outgoingCaseId, type FundingTrack, type OpenCaseRequest } from '../../domain/case';
import { EligibilityCall } from '../../domain/eligibility';
import { Policy, toCasePolicy, type CasePolicy } from '../../domain/policy';
import { StudentRecord } from '../../domain/student-record';
import { MACHINE_VERSION } from '../../machines/outgoing-case/machine';
import type { OutgoingCaseInput } from '../../machines/outgoing-case/context';
import { loadPolicy } from '../../app/config';

/** The shipped policy file, as start-up validates it, and as a case pins it. */
export const SHIPPED_POLICY_FILE = join(__dirname, '..', '..', 'policies', '2022-2023.json');
export const shippedPolicy: Policy = loadPolicy(SHIPPED_POLICY_FILE);
export const policy: CasePolicy = toCasePolicy(shippedPolicy);

/** The policy new cases pin by default (`POLICY_FILE`), with the days off of the years the live clock is in. */
export const CURRENT_POLICY_FILE = join(__dirname, '..', '..', 'policies', '2026-2027.json');
export const currentPolicy: Policy = loadPolicy(CURRENT_POLICY_FILE);

const { chains: shippedChains, ...oneLevelTimings } = currentPolicy.timings;

/**
 * The current policy with self-funded windows that cover the whole year, so that tests against a live
 * clock (the dev server, the time-skipping server) can apply on any day. Every other value, its holidays
 * and working-day escalations included, is the shipped file's, except its escalation chains: its deadlines
 * keep the one-level timers of a policy without chains (see `chainedPolicy`).
 */
export const alwaysOpenPolicy: Policy = Policy.parse({
  ...currentPolicy,
  version: `${currentPolicy.academicYear}.900`,
  timings: oneLevelTimings,
  applicationWindows: [
    { forSemester: 'spring', opens: { month: 7, day: 1 }, closes: { month: 12, day: 31 }, yearOffset: -1 },
    { forSemester: 'fall', opens: { month: 1, day: 1 }, closes: { month: 6, day: 30 }, yearOffset: 0 },
  ],
});

/** `alwaysOpenPolicy` with the shipped file's escalation chains, as new cases run them. */
export const chainedPolicy: Policy = Policy.parse({
  ...alwaysOpenPolicy,
  version: `${currentPolicy.academicYear}.901`,
  timings: { ...oneLevelTimings, chains: shippedChains },
});

/** The partner `happyPath` nominates; only it may send the case's partner documents. */
export const NOMINATED_PARTNER = { id: 'tum', name: 'Technical University of Munich' } as const;

/**
 * One actor of each role. A student may act only on their own case and a partner only on a case nominated
 * to it: `as.student` is a student of no case the tests open (acting with it on a case is refused as out of
 * scope; use `studentOf`), and `as.partner` is the partner the happy path nominates (`tum`).
 */
export const as = {
  student: { id: '99B999999', role: 'student' },
  di: { id: 'aliya.di', role: 'di_officer' },
  dean: { id: 'dean.site', role: 'dean_office' },
  viceRector: { id: 'vr', role: 'vice_rector' },
  finance: { id: 'fin', role: 'finance' },
  snss: { id: 'snss', role: 'snss' },
  partner: { id: NOMINATED_PARTNER.id, role: 'partner' },
  auditor: { id: 'audit', role: 'auditor' },
} satisfies Record<string, Actor>;

/** The student of a case (or of a request to open one), acting on their own case. */
export function studentOf(owner: string | { student: { id: string } }): Actor {
  return { id: typeof owner === 'string' ? owner : owner.student.id, role: 'student' };
}

let counter = 0;
/** A student id unique to this test run, so every test has its own workflow id. */
export function uniqueStudentId(): string {
  counter += 1;
  return `T${Date.now().toString(36).toUpperCase()}${counter}`.slice(0, 20);
}

const DAY = 24 * 60 * 60 * 1000;

/** The mobility semester `alwaysOpenPolicy` takes applications for on `now`: next spring from July, else fall. */
export function liveSemester(now = Date.now()): string {
  const d = localDateParts(shippedPolicy.timeZone, now);
  return d.month >= 7 ? `${d.year + 1}-spring` : `${d.year}-fall`;
}

/** A call of each track for `liveSemester`; MSHE and Erasmus+ calls are open from yesterday for 60 days. */
export function liveCall(track: FundingTrack, now = Date.now()): OpenCallRequest {
  const semester = liveSemester(now);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: `live-${track.replace('_', '-')}-${semester}`,
    title: `${track} exchange, ${semester}`,
    track,
    mobilitySemester: semester,
    ...(track === 'erasmus' ? { schools: ['SITE', 'BS'] } : {}),
    ...(track === 'mshe' ? { region: 'europe' } : {}),
    ...(track !== 'self_funded'
      ? { window: { opensAt: iso(now - DAY), closesAt: iso(now + 60 * DAY) } }
      : {}),
    actor: as.di,
  };
}

/**
 * A bachelor in year 2 or 3 whose next semester is an allowed mobility semester for `liveSemester`, with
 * GPA 3.2, B2 on the transcript and no debts: eligible on every track (MSHE needs `state_grant`).
 */
export function liveRecord(
  studentId: string,
  studyBasis: 'state_grant' | 'paid',
  over: Partial<StudentRecord> = {},
  now = Date.now(),
): StudentRecord {
  const today = termOfDate(localDateParts(shippedPolicy.timeZone, now), shippedPolicy.studyCalendar);
  const ahead = termOrdinal(termOfSemester(liveSemester(now))) - termOrdinal(today);
  const semesterOfStudy = Math.max(3, 4 - ahead);
  return StudentRecord.parse({
    studentId,
    fullName: 'Aruzhan Test',
    email: 'aruzhan@student.kbtu.kz',
    school: 'SITE',
    degree: 'bachelor',
    yearOfStudy: Math.ceil(semesterOfStudy / 2),
    semesterOfStudy,
    masterDirection: null,
    gpa: 3.2,
    englishOnTranscript: 'B2',
    studyBasis,
    academicDebts: 0,
    financialDebts: 0,
    tuitionPrepaid: false,
    updatedAt: new Date(now).toISOString(),
    ...over,
  });
}

/** A request to open a case on the live call of `track`, for a new student unless one is named. */
export function openRequest(
  track: FundingTrack,
  overrides: {
    studyBasis?: 'state_grant' | 'paid';
    studentId?: string;
    callId?: string;
    semester?: string;
  } = {},
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
    callId: overrides.callId ?? liveCall(track).id,
    semester: overrides.semester ?? liveSemester(),
    channel: 'uninet',
    actor: as.di,
  };
}

/** A spring-2027 call on each track, as the pure machine tests pin it; MSHE and Erasmus+ carry dates. */
export function fixedCall(track: FundingTrack): EligibilityCall {
  return {
    id: 'call-test-2027',
    track,
    mobilitySemester: '2027-spring',
    ...(track === 'erasmus' ? { schools: ['SITE', 'BS'] } : {}),
    ...(track !== 'self_funded'
      ? { window: { opensAt: '2026-09-01T00:00:00+05:00', closesAt: '2026-10-15T23:59:59.999+05:00' } }
      : {}),
  };
}

/** Inside every track's window for a 2027-spring mobility, in Almaty time: when the machine tests apply. */
export const FIXED_AT = '2026-09-10T12:00:00+05:00';

type InputOverrides = { studyBasis?: 'state_grant' | 'paid'; studentId?: string };

/** The workflow's input for a new student's case on `call`, pinning `pinned`. */
function inputOn(track: FundingTrack, call: EligibilityCall, pinned: CasePolicy, overrides: InputOverrides) {
  const r = openRequest(track, overrides);
  return {
    caseId: outgoingCaseId(call.id, r.student.id),
    student: r.student,
    track,
    call,
    channel: r.channel,
    policy: pinned,
    openedBy: r.actor,
    machineVersion: MACHINE_VERSION,
  } satisfies OutgoingCaseInput;
}

/** The workflow's input for a case on `fixedCall`, under the shipped policy. */
export function caseInput(track: FundingTrack, overrides: InputOverrides = {}): OutgoingCaseInput {
  return inputOn(track, fixedCall(track), policy, overrides);
}

/** A bachelor in year 2 (fall, semester 3) on FIXED_AT, eligible on every track of `fixedCall`. */
export function fixedRecord(
  studentId: string,
  studyBasis: 'state_grant' | 'paid',
  over: Partial<StudentRecord> = {},
) {
  return liveRecord(
    studentId,
    studyBasis,
    { yearOfStudy: 2, semesterOfStudy: 3, ...over },
    Date.parse(FIXED_AT),
  );
}

/** The workflow's input for a case on the live call of `track`, under `alwaysOpenPolicy`: submittable today. */
export function liveCaseInput(track: FundingTrack, overrides: InputOverrides = {}): OutgoingCaseInput {
  return inputOn(track, EligibilityCall.parse(liveCall(track)), toCasePolicy(alwaysOpenPolicy), overrides);
}
