import type { FundingTrack } from '../domain/case';
import type {
  EligibilityCall,
  EligibilityFacts,
  EligibilityRuleResult as Rule,
  EligibilityVerdict,
} from '../domain/eligibility';
import type { Policy, TrackPolicy } from '../domain/policy';
import type { StudentRecord } from '../domain/student-record';
import {
  instantMs,
  isoDate,
  localDateParts,
  termOfDate,
  termOfSemester,
  termOrdinal,
  type Term,
} from '../domain/calendar';
import { englishRule } from './eligibility-english';
import { windowRule } from './eligibility-window';

/** The facts of a registrar record plus the English evidence from outside it. */
export function factsFromRecord(
  r: StudentRecord,
  english: { ielts?: EligibilityFacts['ielts']; auditionPassed?: boolean | null } = {},
): EligibilityFacts {
  return {
    degree: r.degree,
    yearOfStudy: r.yearOfStudy,
    semesterOfStudy: r.semesterOfStudy,
    masterDirection: r.masterDirection,
    school: r.school,
    gpa: r.gpa,
    englishOnTranscript: r.englishOnTranscript,
    studyBasis: r.studyBasis,
    academicDebts: r.academicDebts,
    financialDebts: r.financialDebts,
    ielts: english.ielts ?? null,
    auditionPassed: english.auditionPassed ?? null,
  };
}

/** The parts of a policy eligibility reads; a case can pin just these. */
export type EligibilityPolicy = Pick<
  Policy,
  'version' | 'timeZone' | 'tracks' | 'applicationWindows' | 'studyCalendar' | 'ieltsValidityYears' | 'debts'
>;

export interface EligibilityInput {
  facts: EligibilityFacts;
  track: FundingTrack;
  call: EligibilityCall;
  /** The application date-time, ISO with an offset: the function never reads a clock. */
  at: string;
  policy: EligibilityPolicy;
}

/**
 * Every eligibility rule of DOMAIN.md for one applicant, one track, one call and one moment, each evaluated
 * against that track's thresholds only. Eligible exactly when every rule passed. Pure: throws a RangeError
 * only for a date-time that is not ISO with an offset.
 */
export function evaluateEligibility(input: EligibilityInput): EligibilityVerdict {
  const { facts: f, track, call, policy } = input;
  const tp = policy.tracks[track];
  const atMs = instantMs(input.at);
  const local = localDateParts(policy.timeZone, atMs);

  const sameTrack = call.track === track;
  const rules: Rule[] = [
    {
      id: 'call_track',
      passed: sameTrack,
      seen: call.track,
      threshold: track,
      message: sameTrack
        ? `call ${call.id} is a ${track} call`
        : `call ${call.id} belongs to the ${call.track} track, not ${track}`,
    },
    ...whoMayApply(f, tp, call, termOfDate(local, policy.studyCalendar)),
    {
      id: 'gpa',
      passed: f.gpa >= tp.minGpa,
      seen: f.gpa,
      threshold: tp.minGpa,
      message: `GPA ${f.gpa} ${f.gpa >= tp.minGpa ? 'is at least' : 'is below the required'} ${tp.minGpa}`,
    },
  ];
  const english = englishRule(f, tp, policy.ieltsValidityYears, isoDate(local));
  rules.push(english.rule);

  const { maxAcademicDebts: maxA, maxFinancialDebts: maxF } = policy.debts;
  rules.push(
    {
      id: 'academic_debts',
      passed: f.academicDebts <= maxA,
      seen: f.academicDebts,
      threshold: maxA,
      message: `${f.academicDebts} academic debt(s); at most ${maxA} allowed`,
    },
    {
      id: 'financial_debts',
      passed: f.financialDebts <= maxF,
      seen: f.financialDebts,
      threshold: maxF,
      message: `${f.financialDebts} financial debt(s); at most ${maxF} allowed`,
    },
  );

  if (tp.callRestrictedToSchools) {
    const schools = call.schools ?? [];
    const ok = schools.includes(f.school);
    const message = ok
      ? `the call is announced to ${f.school}`
      : schools.length === 0
        ? `call ${call.id} names no schools, so no student may apply`
        : `the call is announced to ${schools.join(', ')} only, not ${f.school}`;
    rules.push({ id: 'school', passed: ok, seen: f.school, threshold: schools, message });
  }

  const window = windowRule(tp, call, atMs, policy.timeZone, policy.applicationWindows);
  rules.push(window.rule);

  return {
    eligible: rules.every((r) => r.passed),
    track,
    callId: call.id,
    at: input.at,
    policyVersion: policy.version,
    rules,
    audition: english.audition,
    englishEvidence: english.evidence,
    ...(window.next ? { nextWindow: window.next } : {}),
  };
}

/**
 * Degree; then, for a degree the track takes, year (bachelors) or semester and direction (masters), the
 * state grant where the track needs it, and whether the call's semester is one the student may go in.
 */
function whoMayApply(f: EligibilityFacts, tp: TrackPolicy, call: EligibilityCall, now: Term): Rule[] {
  const who = tp.whoMayApply;
  const degreeOk = who.degrees.includes(f.degree);
  const out: Rule[] = [
    {
      id: 'degree',
      passed: degreeOk,
      seen: f.degree,
      threshold: who.degrees,
      message: degreeOk
        ? `${f.degree}s may apply to this track`
        : `only ${who.degrees.join(' and ')}s may apply to this track`,
    },
  ];
  if (!degreeOk) return out;

  if (f.degree === 'bachelor') {
    out.push({
      id: 'year_of_study',
      passed: who.bachelorYears.includes(f.yearOfStudy),
      seen: f.yearOfStudy,
      threshold: who.bachelorYears,
      message: `bachelor in year ${f.yearOfStudy}; years ${who.bachelorYears.join(', ')} may apply`,
    });
  } else {
    const direction = f.masterDirection;
    out.push(
      {
        id: 'master_semester',
        passed: who.masterSemesters.includes(f.semesterOfStudy),
        seen: f.semesterOfStudy,
        threshold: who.masterSemesters,
        message: `master in semester ${f.semesterOfStudy}; semester(s) ${who.masterSemesters.join(', ')} may apply`,
      },
      {
        id: 'master_direction',
        passed: direction !== null && who.masterDirections.includes(direction),
        seen: direction,
        threshold: who.masterDirections,
        message: `direction ${direction ?? 'unknown'}; ${who.masterDirections.join(', ')} may apply`,
      },
    );
  }

  if (who.requiresStateGrant) {
    const ok = f.studyBasis === 'state_grant';
    out.push({
      id: 'state_grant',
      passed: ok,
      seen: f.studyBasis,
      threshold: 'state_grant',
      message: ok
        ? 'studies on a state educational grant'
        : 'only students on a state educational grant may apply; this student is on a paid basis',
    });
  }

  // The record's semester of study now, moved on by the terms between now and the mobility semester.
  const range = tp.mobilitySemester[f.degree];
  const ahead = termOrdinal(termOfSemester(call.mobilitySemester)) - termOrdinal(now);
  const atMobility = f.semesterOfStudy + ahead;
  const ok =
    range !== null &&
    ahead >= 1 &&
    atMobility >= range.fromStudySemester &&
    atMobility <= range.toStudySemester;
  const allowed = range === null ? 'none' : `${range.fromStudySemester}-${range.toStudySemester}`;
  out.push({
    id: 'mobility_semester',
    passed: ok,
    seen: { mobilitySemester: call.mobilitySemester, studySemesterAtMobility: atMobility },
    threshold: range && { ...range },
    message:
      ahead < 1
        ? `${call.mobilitySemester} is not a future semester`
        : `${call.mobilitySemester} would be the student's semester of study ${atMobility}; the track allows ${allowed}`,
  });
  return out;
}
