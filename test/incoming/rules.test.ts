import { addWorkingDays, instantOfLocal } from '../../domain/calendar';
import { invitationDueAt } from '../../domain/incoming-deadline';
import { visaDecision } from '../../domain/visa';
import { toCasePolicy } from '../../domain/policy';
import { nominationRefusal } from '../../machines/incoming-case/nomination';
import { AgreementTable } from '../../domain/agreement';
import { convertGrade } from '../../domain/grading-scale';
import { partnerGradeTable } from '../../domain/incoming-partner';
import type { NominationRequest } from '../../domain/incoming';
import { agreementOf, inputOf, POLICY, nomination } from './support';

/** The rules against the shipped agreement of the nomination's partner (none for an unknown one). */
const refusal = (n: NominationRequest, taken = 0, policy = POLICY) =>
  nominationRefusal(n, policy, agreementOf(n.partnerId), taken);

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
    expect(refusal(nomination())).toBeNull();
    expect(refusal(nomination({}, { id: 'aliya', role: 'di_officer' }))).toBeNull();
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
      /KBTU has no agreement with partner mit/,
    ],
    [
      'no places for the level',
      nomination({ partnerId: 'knu', level: 'master', citizenship: 'KG' }),
      'InvalidPayload',
      /gives no master places in spring semesters/,
    ],
    [
      'a school outside the agreement',
      nomination({ school: 'SNSS' }),
      'InvalidPayload',
      /covers SITE, BS, ISE, KMA, SEOGI, FEOGI, not SNSS/,
    ],
  ] as const)('refuses %s', (_what, n, type, message) => {
    const r = refusal(n);
    expect(r?.type).toBe(type);
    expect(r?.message).toMatch(message);
  });

  test('all places taken, a passport expiring during the stay; no message names the passport', () => {
    const n = nomination();
    expect(refusal(n, 4)?.message).toMatch(/4 bachelor place\(s\) in 2027-spring, all taken/);
    const expiring = {
      ...n,
      student: { ...n.student, passport: { ...n.student.passport, expiresOn: '2027-02-01' } },
    };
    const r = refusal(expiring);
    expect(r?.issues).toEqual([
      {
        path: 'student.passport.expiresOn',
        message: 'the passport expires before the end of the 120-day stay',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain(n.student.passport.number);
  });
});

describe('the partner is its stored agreement, with the grading table of the outgoing conversion', () => {
  const epfl = agreementOf('epfl')!;
  const atEpfl = nomination({ partnerId: 'epfl' }, { id: 'aliya', role: 'di_officer' });

  test('an agreement without incoming places takes no nominations', () => {
    expect(epfl.incoming).toBeUndefined();
    expect(refusal(atEpfl)?.message).toMatch(/epfl gives no bachelor places in spring semesters/);
  });

  test('incoming places without a grading table to convert with are refused by name', () => {
    const incoming = [{ term: 'spring' as const, degree: 'bachelor' as const, places: 2 }];
    const r = nominationRefusal(atEpfl, POLICY, { ...epfl, incoming });
    expect(r?.issues).toEqual([
      {
        path: 'partnerId',
        message: expect.stringMatching(/no grading table for epfl \(afterSelection.partners\)/),
      },
    ]);
  });

  test('the case pins the agreement as it read: name, office, and the table read backwards', () => {
    const input = inputOf(nomination());
    expect(input.partner).toEqual({
      id: 'tum',
      name: 'Technical University of Munich',
      contact: agreementOf('tum')!.contact.email,
      gradeTable: partnerGradeTable(POLICY.afterSelection.partners.tum!.gradingScale, POLICY.gradingScale),
    });
  });

  test('incoming places listed twice for one term and level are refused by row', () => {
    const twice = [
      { term: 'fall' as const, degree: 'master' as const, places: 1 },
      { term: 'fall' as const, degree: 'master' as const, places: 2 },
    ];
    const parsed = AgreementTable.safeParse([{ ...epfl, incoming: twice }]);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({
        path: [0, 'incoming', 1],
        message: 'incoming for fall/master are listed twice',
      }),
    ]);
  });
});

describe("a partner's grades on KBTU's transcript: its outgoing conversion table read backwards", () => {
  const scale = (id: string) => POLICY.afterSelection.partners[id]!.gradingScale;
  const table = (id: string) =>
    Object.fromEntries(partnerGradeTable(scale(id), POLICY.gradingScale).map((r) => [r.kbtu, r.grade]));

  test.each([
    // TUM's bands (German 1.0-5.0, lower is better), printed as ranges; no FX band: F's, never above it.
    ['tum', 'A', '1.0-1.3'],
    ['tum', 'A-', '1.4-1.7'],
    ['tum', 'D', '3.8-4.0'],
    ['tum', 'FX', '4.1-5.0'],
    // ECTS letters: a KBTU letter no ECTS grade converts to is shown as the next grade below it.
    ['ctu-prague', 'A', 'A'],
    ['ctu-prague', 'A-', 'B'],
    ['ctu-prague', 'B', 'C'],
    ['ctu-prague', 'FX', 'FX'],
    // Two decimals where the scale's step is 0.01; the best of two grades converting to one letter.
    ['insa-lyon', 'A-', '14.00-15.99'],
    ['polimi', 'A-', '30'],
    ['knu', 'B+', '4'],
    ['knu', 'D', '2'],
  ])('%s: KBTU %s reads %s', (partner, letter, grade) => {
    expect(table(partner)[letter]).toBe(grade);
  });

  test('every KBTU letter gets a grade, which the outgoing conversion reads back at or below it', () => {
    const points = new Map(POLICY.gradingScale.map((b) => [b.letter, b.points]));
    for (const id of Object.keys(POLICY.afterSelection.partners)) {
      const rows = partnerGradeTable(scale(id), POLICY.gradingScale);
      expect(rows.map((r) => r.kbtu)).toEqual(POLICY.gradingScale.map((b) => b.letter));
      for (const r of rows) {
        const ends = scale(id).kind === 'numeric' ? r.grade.split('-') : [r.grade];
        for (const end of ends) {
          const back = convertGrade(scale(id), POLICY.gradingScale, end);
          if (!back.ok) throw new Error(`${id} ${r.grade}: ${back.message}`);
          expect(back.grade.points).toBeLessThanOrEqual(points.get(r.kbtu)!);
        }
      }
    }
  });
});
