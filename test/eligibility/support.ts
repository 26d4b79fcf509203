import { resolve } from 'node:path';
import type { FundingTrack } from '../../domain/case';
import type {
  EligibilityCall,
  EligibilityFacts,
  EligibilityRuleId,
  EligibilityVerdict,
} from '../../domain/eligibility';
import type { Policy } from '../../domain/policy';
import { evaluateEligibility, type EligibilityInput } from '../../machines/eligibility';
import { loadPolicy } from '../../app/config';

/** The shipped default policy, validated as start-up validates it. */
export const policy: Policy = loadPolicy(resolve(__dirname, '../../policies/2026-2027.json'));

/** The 2022-2023 policy: Almaty at UTC+06:00 all year. */
export const policy2022: Policy = loadPolicy(resolve(__dirname, '../../policies/2022-2023.json'));

export const TRACKS: FundingTrack[] = ['self_funded', 'mshe', 'erasmus'];

/** A bachelor in year 2 (fall, semester 3) with everything in order. */
export const bachelor: EligibilityFacts = {
  degree: 'bachelor',
  yearOfStudy: 2,
  semesterOfStudy: 3,
  masterDirection: null,
  school: 'SITE',
  gpa: 3.2,
  englishOnTranscript: 'B2',
  studyBasis: 'state_grant',
  academicDebts: 0,
  financialDebts: 0,
  ielts: null,
  auditionPassed: null,
};

/** A scientific-pedagogical master in semester 2 (spring) with everything in order. */
export const master: EligibilityFacts = {
  ...bachelor,
  degree: 'master',
  yearOfStudy: 1,
  semesterOfStudy: 2,
  masterDirection: 'scientific_pedagogical',
  studyBasis: 'paid',
};

/** A call for a spring-2027 mobility on each track; MSHE and Erasmus+ carry their own dates. */
export function callFor(track: FundingTrack, over: Partial<EligibilityCall> = {}): EligibilityCall {
  const own = { opensAt: '2026-09-01T00:00:00+05:00', closesAt: '2026-10-15T23:59:59.999+05:00' };
  return {
    id: `call-${track.replace('_', '-')}-2027`,
    track,
    mobilitySemester: '2027-spring',
    ...(track === 'erasmus' ? { schools: ['SITE', 'BS'] } : {}),
    ...(track !== 'self_funded' ? { window: own } : {}),
    ...over,
  };
}

/** Inside every track's window for a 2027-spring mobility, in Almaty time. */
export const AT = '2026-09-10T12:00:00+05:00';

export function evaluate(over: Partial<EligibilityInput> & { track: FundingTrack }): EligibilityVerdict {
  return evaluateEligibility({
    facts: bachelor,
    call: callFor(over.track),
    at: AT,
    policy,
    ...over,
  });
}

export function ruleOf(v: EligibilityVerdict, id: EligibilityRuleId) {
  const r = v.rules.find((x) => x.id === id);
  if (!r) throw new Error(`rule ${id} was not evaluated; rules: ${v.rules.map((x) => x.id).join(', ')}`);
  return r;
}

export function failed(v: EligibilityVerdict): EligibilityRuleId[] {
  return v.rules.filter((r) => !r.passed).map((r) => r.id);
}
