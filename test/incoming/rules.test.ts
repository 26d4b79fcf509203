import { addWorkingDays, instantOfLocal } from '../../domain/calendar';
import { invitationDueAt } from '../../domain/incoming-deadline';
import { visaDecision } from '../../domain/visa';
import { toCasePolicy } from '../../domain/policy';
import { nominationRefusal } from '../../machines/incoming-case/nomination';
import { POLICY, nomination } from './support';

const incoming = POLICY.incoming!;
const calendar = toCasePolicy(POLICY);
const at = (local: string) => instantOfLocal('Asia/Almaty', local);

describe('which citizenships need a visa (policy data)', () => {
  test.each([
    ['DE', 120, true, 30, /up to 30 days, less than the 120-day stay/],
    ['DE', 30, false, 30, /up to 30 days, enough for the 30-day stay/],
    ['UZ', 120, true, 90, /up to 90 days, less than/],
    ['KG', 120, false, 'unlimited', /without a limit/],
    ['RU', 365, false, 'unlimited', /without a limit/],
    ['CN', 120, true, null, /CN is not on the visa-free list/],
  ] as const)('%s for %i days: visa %s', (country, stay, required, days, rule) => {
    const d = visaDecision(country, stay, incoming.visaFree, POLICY.version);
    expect(d).toMatchObject({ required, visaFreeDays: days, citizenship: country, stayDays: stay });
    expect(d.rule).toMatch(rule);
    expect(d.rule).toContain(`policy ${POLICY.version}`);
  });
});

describe('the one-month promise at its working-day edges (Asia/Almaty, 2026 holidays)', () => {
  test.each([
    ['2026-11-10T10:00', '2026-12-10T10:00', 'an ordinary Thursday'],
    ['2026-02-20T10:00', '2026-03-20T10:00', 'a Friday before Nauryz'],
    ['2026-02-09T10:00', '2026-03-10T10:00', "March 9, the Women's Day moved from Sunday"],
    ['2026-02-21T10:00', '2026-03-26T10:00', 'Saturday March 21, Nauryz to March 25'],
    ['2026-01-31T10:00', '2026-03-02T10:00', 'February has no 31st; the 28th is a Saturday'],
    ['2026-06-05T10:00', '2026-07-07T10:00', 'Sunday July 5, then Capital Day'],
    ['2026-11-16T10:00', '2026-12-17T10:00', 'Independence Day'],
  ])('complete %s: due %s (%s)', (complete, due) => {
    expect(invitationDueAt(at(complete), incoming.invitationMonths, calendar)).toBe(at(due));
  });

  test('escalations: to DI 2 working days after, to its head 5, over the Nauryz days off', () => {
    const due = at('2026-03-20T10:00');
    const [di, head] = incoming.escalations;
    expect(di).toEqual({ to: 'di_officer', workingDaysAfter: 2 });
    expect(head).toEqual({ to: 'head:di_officer', workingDaysAfter: 5 });
    expect(addWorkingDays(due, di!.workingDaysAfter, calendar)).toBe(at('2026-03-27T10:00'));
    expect(addWorkingDays(due, head!.workingDaysAfter, calendar)).toBe(at('2026-04-01T10:00'));
  });
});

describe('a nomination before its case exists', () => {
  test('a valid nomination by the partner itself, or by DI on its behalf', () => {
    expect(nominationRefusal(nomination(), POLICY)).toBeNull();
    expect(nominationRefusal(nomination({}, { id: 'aliya', role: 'di_officer' }), POLICY)).toBeNull();
  });

  test.each([
    [
      'another partner',
      nomination({}, { id: 'polimi', role: 'partner' }),
      'NotInScope',
      /only its own students/,
    ],
    ['a student', nomination({}, { id: 'x', role: 'student' }), 'RoleNotAllowed', /partner, di_officer/],
    [
      'an unknown partner',
      nomination({ partnerId: 'mit' }, { id: 'di', role: 'di_officer' }),
      'InvalidPayload',
      /no partner mit/,
    ],
    [
      'no places for the level',
      nomination({ partnerId: 'knu', level: 'master', citizenship: 'KG' }),
      'InvalidPayload',
      /no master places in 2027-spring/,
    ],
    [
      'a school outside the agreement',
      nomination({ school: 'BS' }),
      'InvalidPayload',
      /covers SITE, SAM, SNSS, not BS/,
    ],
  ] as const)('refuses %s', (_what, n, type, message) => {
    const r = nominationRefusal(n, POLICY);
    expect(r?.type).toBe(type);
    expect(r?.message).toMatch(message);
  });

  test('all places taken, a passport expiring during the stay; no message names the passport', () => {
    const n = nomination();
    expect(nominationRefusal(n, POLICY, 4)?.message).toMatch(
      /4 bachelor place\(s\) in 2027-spring, all taken/,
    );
    const expiring = {
      ...n,
      student: { ...n.student, passport: { ...n.student.passport, expiresOn: '2027-02-01' } },
    };
    const r = nominationRefusal(expiring, POLICY);
    expect(r?.issues).toEqual([
      {
        path: 'student.passport.expiresOn',
        message: 'the passport expires before the end of the 120-day stay',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain(n.student.passport.number);
  });
});
