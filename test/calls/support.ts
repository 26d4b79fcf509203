import fc from 'fast-check';
import type { CallPlace } from '../../domain/call';
import type { CallApplicant } from '../../domain/call-applicant';
import type { CallInput } from '../../machines/call/context';
import { currentPolicy } from '../helpers/fixtures';

export const CRITERIA = currentPolicy.mshe.rankingCriteria;
export const SCHOOLS = ['SITE', 'BS', 'ISE'] as const;

let n = 0;
/** One applicant with middling facts; `over` sets what a test is about. */
export function applicant(over: Partial<CallApplicant> = {}): CallApplicant {
  n += 1;
  const id = String(n).padStart(4, '0');
  return {
    caseId: `outgoing-test-call-s${id}`,
    studentId: `S${id}`,
    fullName: `Student ${id}`,
    school: 'SITE',
    degree: 'bachelor',
    eligible: true,
    gpa: 3,
    english: { cefr: 'B2', ielts: null },
    socialPriority: 0,
    submittedAt: '2026-10-05T10:00:00+05:00',
    preferences: [],
    ...over,
  };
}

export const place = (id: string, places: number, over: Partial<CallPlace> = {}): CallPlace => ({
  id,
  kind: 'partner',
  name: `Partner ${id}`,
  places,
  partnerId: id,
  ...over,
});

/** A call's pinned input for the machine tests: 2 places at tum, 1 at epfl, closing on 20 October. */
export function callInput(over: Partial<CallInput['call']> = {}, draft = false): CallInput {
  return {
    call: {
      id: 'test-call',
      track: 'erasmus',
      mobilitySemester: '2027-spring',
      title: 'Erasmus+ test call',
      schools: ['SITE', 'BS'],
      window: { opensAt: '2026-10-01T00:00:00+05:00', closesAt: '2026-10-20T23:59:59+05:00' },
      places: [place('tum', 2), place('epfl', 1)],
      closesAt: '2026-10-20T23:59:59+05:00',
      policyVersion: currentPolicy.version,
      openedBy: { id: 'aliya.di', role: 'di_officer' },
      openedAt: '2026-09-30T10:00:00+05:00',
      ...over,
    },
    criteria: [...CRITERIA],
    calendar: {
      timeZone: currentPolicy.timeZone,
      holidays: currentPolicy.holidays,
      workingWeekendDays: currentPolicy.workingWeekendDays,
    },
    offerWorkingDays: 5,
    draft,
  };
}

/** Random applicant sets and place tables, with GPA ties, preferences and schools that may not fit. */
export const arbPlaces = fc
  .array(
    fc.record({
      places: fc.nat({ max: 4 }),
      schools: fc.option(fc.subarray([...SCHOOLS], { minLength: 1 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((ps) => ps.map((p, i) => place(`p${i}`, p.places, p.schools ? { schools: p.schools } : {})));

export const arbApplicants = (placeIds: string[]) =>
  fc
    .array(
      fc.record({
        gpa: fc.constantFrom(2.5, 3, 3.3, 3.7, 4),
        cefr: fc.constantFrom('B1', 'B2', 'C1', null),
        school: fc.constantFrom(...SCHOOLS),
        eligible: fc.nat({ max: 99 }).map((x) => x < 85),
        social: fc.nat({ max: 2 }),
        minute: fc.nat({ max: 30 }),
        preferences: fc.shuffledSubarray(placeIds),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        ...applicant({
          gpa: r.gpa,
          english: { cefr: r.cefr as CallApplicant['english']['cefr'], ielts: null },
          school: r.school,
          eligible: r.eligible,
          socialPriority: r.social,
          submittedAt: `2026-10-05T10:${String(r.minute).padStart(2, '0')}:00+05:00`,
          preferences: r.preferences,
        }),
        caseId: `outgoing-test-call-r${String(i).padStart(3, '0')}`,
      })),
    );
