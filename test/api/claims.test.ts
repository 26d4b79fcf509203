import { actorFromClaims, type ClaimNames } from '../../api/auth';
import { CaseError } from '../../client/errors';

const names: ClaimNames = {
  role: 'mobility_role',
  actorId: 'preferred_username',
  school: 'school',
  studentId: 'student_id',
  partnerId: 'partner_id',
};

const refusal = (claims: Record<string, unknown>, n: ClaimNames = names) => {
  try {
    actorFromClaims(claims, n);
  } catch (err) {
    expect(err).toBeInstanceOf(CaseError);
    return { kind: (err as CaseError).kind, message: (err as CaseError).message };
  }
  throw new Error('no refusal');
};

describe('the actor comes from the claims, mapped by configuration', () => {
  test.each([
    [
      { sub: 'u1', preferred_username: 'aliya', mobility_role: 'di_officer' },
      { id: 'aliya', role: 'di_officer' },
    ],
    [
      { sub: 'u2', mobility_role: 'finance' },
      { id: 'u2', role: 'finance' },
    ],
    [
      { sub: 'u3', preferred_username: 'aruzhan', mobility_role: 'student', student_id: '23B030112' },
      { id: '23B030112', role: 'student' },
    ],
    [
      { sub: 'u4', preferred_username: 'marat', mobility_role: 'dean_office', school: 'SITE' },
      { id: 'marat', role: 'dean_office', school: 'SITE' },
    ],
    [
      { sub: 'partner-tum', mobility_role: 'partner', partner_id: 'tum' },
      { id: 'tum', role: 'partner' },
    ],
    [
      { sub: 'u5', preferred_username: 'audit', mobility_role: 'auditor' },
      { id: 'audit', role: 'auditor' },
    ],
  ])('%j is %j', (claims, actor) => {
    expect(actorFromClaims(claims, names)).toEqual(actor);
  });

  test('a Keycloak-style role list under a dotted path: the first known role is taken', () => {
    const keycloak = { ...names, role: 'realm_access.roles', actorId: 'preferred_username' };
    const claims = {
      sub: 'x',
      preferred_username: 'ivanov',
      realm_access: { roles: ['offline_access', 'vice_rector'] },
    };
    expect(actorFromClaims(claims, keycloak)).toEqual({ id: 'ivanov', role: 'vice_rector' });
  });

  test.each([
    [{ sub: 'x' }, 'no mobility role in claim "mobility_role"'],
    [{ sub: 'x', mobility_role: 'system' }, 'no mobility role in claim "mobility_role"'],
    [{ sub: 'x', mobility_role: 'rector' }, 'no mobility role'],
    [
      { sub: 'x', mobility_role: 'student' },
      'a student token must carry the student id in claim "student_id"',
    ],
    [
      { sub: 'x', mobility_role: 'dean_office' },
      `a dean_office token must carry the dean's office's school in claim "school"`,
    ],
    [
      { sub: 'x', mobility_role: 'partner' },
      'a partner token must carry the partner id in claim "partner_id"',
    ],
    [{ sub: 'x', mobility_role: 'dean_office', school: 'site' }, "the token's identity is unusable: school"],
    [
      { sub: 'x', mobility_role: 'di_officer', preferred_username: 'a'.repeat(101) },
      "the token's identity is unusable: id",
    ],
  ])('%j is refused (403): %s', (claims, message) => {
    expect(refusal(claims)).toEqual({ kind: 'forbidden', message: expect.stringContaining(message) });
  });
});
