import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKbtuCurriculum, parsePartnerCatalogue } from '../../services/curricula-import';
import { CaseEvent } from '../../domain/events';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { refusalOf } from '../../machines/outgoing-case/refusal';
import { currentPolicy, FIXED_AT } from '../helpers/fixtures';
import { toCasePolicy } from '../../domain/policy';
import { before, happyPath } from './paths';
import { actorOf, inputFor, run, start, statementIssued, step, type Combo, type Snap } from './support';

/**
 * The rules of the individual curriculum, the graded transcript and the credit recalculation in the
 * machine, on the seed curricula (6B06102 semester 4 at TUM, German 1.0-5.0): every refusal names its
 * field, and a refused event leaves the case as it was.
 */
const COMBO: Combo = ['erasmus', 'paid'];
const path = happyPath(...COMBO);
const seed = (file: string) => readFileSync(join(__dirname, '../../seed/curricula', file), 'utf8');
function rows<T>(parsed: { ok: true; rows: T[] } | { ok: false }): T[] {
  if (!parsed.ok) throw new Error('the seed curricula do not parse');
  return parsed.rows;
}
/** What the case client attaches from the stores: the semester's working curriculum and TUM's catalogue. */
const facts = {
  courses: rows(parseKbtuCurriculum(seed('kbtu-working-curriculum.csv'), 'csv')).filter(
    (c) => c.programme === '6B06102' && c.semester === 4,
  ),
  catalogue: rows(parsePartnerCatalogue('tum', seed('tum-catalogue.csv'), 'csv')),
};

const event = (raw: Record<string, unknown>, role: Parameters<typeof actorOf>[0]) =>
  CaseEvent.parse({ ...raw, actor: actorOf(role) }) as MachineEvent;
const agree = (extra: Record<string, unknown>) =>
  event({ type: 'AGREE_CURRICULUM', programme: '6B06102', semester: 4, facts, ...extra }, 'dean_office');
const matchAll = [
  { kbtuCode: 'CSE2210', partnerCodes: ['IN0007'] },
  { kbtuCode: 'CSE2230', partnerCodes: ['IN0008'] },
  { kbtuCode: 'CSE2250', partnerCodes: ['IN0009'] },
  { kbtuCode: 'MATH2040', partnerCodes: ['MA0009'] },
  { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
  { kbtuCode: 'CSE2990', partnerCodes: ['IN2013'] },
];

// The machine fixtures' policy names no partners; TUM's table and credits come from the current policy.
const input = inputFor(COMBO);
const withTum = {
  ...input,
  policy: { ...input.policy, afterSelection: toCasePolicy(currentPolicy).afterSelection },
};
const atCurriculum = (): Snap => run(start(COMBO, withTum), before(path, 'AGREE_CURRICULUM'));

describe('AGREE_CURRICULUM', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'a compulsory course not in the semester',
      { matches: [{ kbtuCode: 'CSE3310', partnerCodes: ['IN2259'] }] },
      ['matches.0.kbtuCode'],
    ],
    [
      'a partner course not in the catalogue',
      { matches: [{ kbtuCode: 'CSE2210', partnerCodes: ['IN9999'] }] },
      ['matches.0.partnerCodes.0'],
    ],
    [
      'an elective of another type',
      { matches: [{ kbtuCode: 'MATH2040', partnerCodes: ['IN2013'] }] },
      ['matches.0.partnerCodes.0'],
    ],
    [
      'a general elective for an unclassified course',
      { matches: [{ kbtuCode: 'HUM2010', partnerCodes: ['IN0007'] }] },
      ['matches.0.partnerCodes.0'],
    ],
    [
      'a KBTU course matched twice',
      { matches: [matchAll[0], { kbtuCode: 'CSE2210', partnerCodes: ['IN0008'] }] },
      ['matches.1.kbtuCode'],
    ],
    [
      'a partner course used twice',
      { matches: [matchAll[0], { kbtuCode: 'CSE2230', partnerCodes: ['IN0007'] }] },
      ['matches.1.partnerCodes.0'],
    ],
    ['matches without a semester', { semester: undefined, matches: matchAll }, ['semester']],
    ['matches without a programme', { programme: undefined, matches: matchAll }, ['programme']],
    [
      'matches and typed figures',
      { matches: matchAll, creditsPlanned: 30, creditsRequired: 30 },
      ['creditsPlanned'],
    ],
    [
      'no working curriculum stored',
      { matches: matchAll, facts: { courses: [], catalogue: facts.catalogue } },
      ['semester'],
    ],
    [
      'no catalogue stored: every partner course is unknown, each by its path',
      { matches: matchAll, facts: { courses: facts.courses, catalogue: [] } },
      matchAll.map((_, i) => `matches.${i}.partnerCodes.0`),
    ],
    ['neither matches nor figures', { facts: undefined }, ['matches']],
  ])('%s is refused naming %j, and nothing changes', (_, extra, paths) => {
    const snap = atCurriculum();
    const e = agree(extra);
    const refused = refusalOf(snap, e, FIXED_AT);
    expect(refused?.issues?.map((i) => i.path)).toEqual(paths);
    expect(snap.can(e)).toBe(false);
  });

  test('every course matched: only philosophy, 3 ECTS for 4 KBTU credits, is left to retake', () => {
    const [agreed] = step(atCurriculum(), agree({ matches: matchAll }));
    expect(agreed.context.individualCurriculum?.retakes.map((r) => r.code)).toEqual(['HUM2010']);
    expect(agreed.context.curriculum).toEqual({
      creditsPlanned: 32,
      creditsRequired: 30,
      retakeCourses: ['HUM2010'],
    });
  });

  test('typed figures are refused from version 6, and still taken by a case of version 5', () => {
    const e = event({ type: 'AGREE_CURRICULUM', creditsPlanned: 30, creditsRequired: 30 }, 'dean_office');
    expect(refusalOf(atCurriculum(), e, FIXED_AT)?.issues?.map((i) => i.path)).toEqual(['matches']);
    const v5 = run(start(COMBO, { ...withTum, machineVersion: 5 }), before(path, 'AGREE_CURRICULUM'));
    const [agreed] = step(v5, e);
    expect(agreed.context.individualCurriculum).toBeUndefined();
    expect(agreed.context.curriculum).toEqual({ creditsPlanned: 30, creditsRequired: 30, retakeCourses: [] });
  });
});

describe('RECORD_PARTNER_TRANSCRIPT and RECALCULATE_CREDITS', () => {
  const atTranscript = () => {
    const agreed = run(atCurriculum(), [agree({ matches: matchAll })]);
    const i = path.findIndex((e) => e.type === 'AGREE_CURRICULUM');
    return run(agreed, before(path, 'RECORD_PARTNER_TRANSCRIPT').slice(i + 1));
  };
  const grades = (...pairs: [string, string][]) =>
    event(
      {
        type: 'RECORD_PARTNER_TRANSCRIPT',
        grades: pairs.map(([partnerCode, grade]) => ({ partnerCode, grade })),
      },
      'di_officer',
    );
  const all = (grade: string): [string, string][] => matchAll.map((m) => [m.partnerCodes[0]!, grade]);

  test.each<[string, MachineEvent, string[]]>([
    ['a grade off the German scale', grades(['IN0007', '0.7']), ['grades.0.grade']],
    ['a grade that is not a number', grades(['IN0007', 'sehr gut']), ['grades.0.grade']],
    ['a course outside the learning agreement', grades(['IN2259', '1.0']), ['grades.0.partnerCode']],
    ['a course graded twice', grades(['IN0007', '1.0'], ['in0007', '2.0']), ['grades.1.partnerCode']],
  ])('%s is refused naming %j', (_, e, paths) => {
    const snap = atTranscript();
    expect(refusalOf(snap, e, FIXED_AT)?.issues?.map((i) => i.path)).toEqual(paths);
  });

  test.each<[string, number, string[]]>([
    // Band edges of TUM's table: 4.0 is the last pass (D), 4.1 the first F.
    ['4.0', 260, ['HUM2010']],
    ['4.1', 0, ['HUM2010', 'CSE2210', 'CSE2230', 'CSE2250', 'MATH2040', 'CSE2990']],
    ['1.0', 260, ['HUM2010']],
  ])('every course graded %s: %d tenths transferred, retakes %j', (grade, transferred, retakes) => {
    const [graded] = step(atTranscript(), grades(...all(grade)));
    expect(graded.context.creditTransfer?.transferredTenths).toBe(transferred);
    const recalculate = event({ type: 'RECALCULATE_CREDITS' }, 'dean_office');
    const done = run(graded, [
      ...before(path, 'RECALCULATE_CREDITS').slice(
        path.findIndex((e) => e.type === 'RECORD_PARTNER_TRANSCRIPT') + 1,
      ),
      recalculate,
    ]);
    expect(done.value).toBe('issuingStatement');
    expect(run(done, [statementIssued()]).value).toBe('closed');
    expect(done.context.credits).toEqual({ creditsTransferred: transferred / 10, retakeCourses: retakes });
  });

  test('a missing grade keeps its course on the retake list', () => {
    const [graded] = step(atTranscript(), grades(...all('1.3').slice(1)));
    expect(graded.context.creditTransfer?.retakes).toEqual([
      expect.objectContaining({ code: 'HUM2010' }),
      expect.objectContaining({ code: 'CSE2210', reason: "no grade on the partner's transcript for IN0007" }),
    ]);
  });
});
