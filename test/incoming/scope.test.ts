import type { Actor } from '../../domain/actor';
import type { IncomingCaseView } from '../../domain/incoming';
import {
  assertMayReadIncoming,
  assertOwnSchool,
  mayReadIncoming,
  scopedIncomingFilter,
} from '../../services/incoming-scope';

/** The parts of an incoming case the scope rules read: its partner, its student, its schools. */
const view = {
  caseId: 'incoming-tum-2027-spring-p1',
  partner: { id: 'tum', name: 'TU Munich' },
  school: 'SITE',
  student: { partnerStudentId: 'P1' },
  learningAgreement: {
    courses: [{ code: 'FIN3102', title: 'Finance', school: 'BS' }],
    agreedBy: [],
    awaiting: [],
  },
} as unknown as IncomingCaseView;

const who = (role: Actor['role'], id: string, school?: string): Actor =>
  ({ id, role, ...(school ? { school } : {}) }) as Actor;

test.each([
  ['DI', true, who('di_officer', 'aliya')],
  ['the auditor', true, who('auditor', 'audit')],
  ['the nominating partner', true, who('partner', 'tum')],
  ['another partner', false, who('partner', 'knu')],
  ['the student', true, who('student', 'P1')],
  ['another student', false, who('student', 'P2')],
  ["the host school's dean's office", true, who('dean_office', 'd1', 'SITE')],
  ["the dean's office of a school teaching a course", true, who('dean_office', 'd2', 'BS')],
  ["another school's dean's office", false, who('dean_office', 'd3', 'SEOGI')],
])('%s may read the case: %s', (_who, may, actor) => {
  expect(mayReadIncoming(actor, view)).toBe(may);
  if (!may) expect(() => assertMayReadIncoming(actor, view)).toThrow(/reads only/);
});

test("a listing is pinned to the partner's or the school's scope; asking for another is refused", () => {
  expect(scopedIncomingFilter(who('partner', 'tum'), { stage: 'nominated' })).toEqual({
    stage: 'nominated',
    partnerId: 'tum',
  });
  expect(() => scopedIncomingFilter(who('partner', 'tum'), { partnerId: 'knu' })).toThrow(
    'partner tum lists only its own nominees',
  );
  expect(scopedIncomingFilter(who('dean_office', 'd1', 'SITE'), {})).toEqual({ school: 'SITE' });
  expect(() => scopedIncomingFilter(who('student', 'P1'), {})).toThrow('it lists none');
  expect(scopedIncomingFilter(who('di_officer', 'aliya'), { school: 'BS' })).toEqual({ school: 'BS' });
});

test("a dean's office agrees only for its own school", () => {
  expect(() => assertOwnSchool(who('dean_office', 'd1', 'SITE'), { school: 'BS' })).toThrow(
    'agrees only for SITE, not BS',
  );
  expect(() => assertOwnSchool(who('dean_office', 'd1', 'SITE'), { school: 'SITE' })).not.toThrow();
});
