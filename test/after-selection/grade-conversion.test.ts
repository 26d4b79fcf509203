import fc from 'fast-check';
import { convertGrade, gradeFor, PartnerScale } from '../../domain/grading-scale';
import { Policy } from '../../domain/policy';
import { currentPolicy } from '../helpers/fixtures';

const kbtu = currentPolicy.gradingScale;
const partners = currentPolicy.afterSelection.partners;
const convert = (partner: string, grade: string) => {
  const r = convertGrade(partners[partner]!.gradingScale, kbtu, grade);
  return r.ok ? r.grade.letter : `refused: ${r.message}`;
};

describe('the KBTU scale at every band edge', () => {
  test.each([
    [100, 'A', 4],
    [95, 'A', 4],
    [94, 'A-', 3.67],
    [90, 'A-', 3.67],
    [89, 'B+', 3.33],
    [85, 'B+', 3.33],
    [84, 'B', 3],
    [80, 'B', 3],
    [79, 'B-', 2.67],
    [75, 'B-', 2.67],
    [74, 'C+', 2.33],
    [70, 'C+', 2.33],
    [69, 'C', 2],
    [65, 'C', 2],
    [64, 'C-', 1.67],
    [60, 'C-', 1.67],
    [59, 'D+', 1.33],
    [55, 'D+', 1.33],
    [54, 'D', 1],
    [50, 'D', 1],
    [49, 'FX', 0],
    [25, 'FX', 0],
    [24, 'F', 0],
    [0, 'F', 0],
  ])('%d%% is %s (%d)', (pct, letter, points) => {
    expect(gradeFor(kbtu, pct)).toMatchObject({ letter, points });
  });
});

describe('partner grades converted at every band edge of every shipped table', () => {
  test.each([
    // German 1.0-5.0, 1.0 best, 4.0 the lowest pass (TUM)
    ['tum', '1.0', 'A'],
    ['tum', '1.3', 'A'],
    ['tum', '1.4', 'A-'],
    ['tum', '1.7', 'A-'],
    ['tum', '1.8', 'B+'],
    ['tum', '2.0', 'B+'],
    ['tum', '2.1', 'B'],
    ['tum', '2.3', 'B'],
    ['tum', '2.4', 'B-'],
    ['tum', '2.7', 'B-'],
    ['tum', '2.8', 'C+'],
    ['tum', '3.0', 'C+'],
    ['tum', '3.1', 'C'],
    ['tum', '3.3', 'C'],
    ['tum', '3.4', 'C-'],
    ['tum', '3.5', 'C-'],
    ['tum', '3.6', 'D+'],
    ['tum', '3.7', 'D+'],
    ['tum', '3.8', 'D'],
    ['tum', '4,0', 'D'],
    ['tum', '4.1', 'F'],
    ['tum', '5.0', 'F'],
    // French 0-20, 10 the pass mark (INSA Lyon)
    ['insa-lyon', '20', 'A'],
    ['insa-lyon', '16', 'A'],
    ['insa-lyon', '15.99', 'A-'],
    ['insa-lyon', '14', 'A-'],
    ['insa-lyon', '13.99', 'B+'],
    ['insa-lyon', '13.5', 'B+'],
    ['insa-lyon', '13.49', 'B'],
    ['insa-lyon', '13', 'B'],
    ['insa-lyon', '12.99', 'B-'],
    ['insa-lyon', '12.5', 'B-'],
    ['insa-lyon', '12.49', 'C+'],
    ['insa-lyon', '12', 'C+'],
    ['insa-lyon', '11.99', 'C'],
    ['insa-lyon', '11.5', 'C'],
    ['insa-lyon', '11.49', 'C-'],
    ['insa-lyon', '11', 'C-'],
    ['insa-lyon', '10.99', 'D+'],
    ['insa-lyon', '10.5', 'D+'],
    ['insa-lyon', '10.49', 'D'],
    ['insa-lyon', '10', 'D'],
    ['insa-lyon', '9.99', 'FX'],
    ['insa-lyon', '8', 'FX'],
    ['insa-lyon', '7.99', 'F'],
    ['insa-lyon', '0', 'F'],
    // ECTS A-F (CTU Prague)
    ['ctu-prague', 'A', 'A'],
    ['ctu-prague', 'b', 'B+'],
    ['ctu-prague', 'C', 'B-'],
    ['ctu-prague', 'D', 'C'],
    ['ctu-prague', 'E', 'D'],
    ['ctu-prague', 'FX', 'FX'],
    ['ctu-prague', 'F', 'F'],
    // percentages 0-100 (UTM)
    ['utm', '100', 'A'],
    ['utm', '85', 'A'],
    ['utm', '84', 'A-'],
    ['utm', '80', 'A-'],
    ['utm', '79', 'B+'],
    ['utm', '75', 'B+'],
    ['utm', '74', 'B'],
    ['utm', '70', 'B'],
    ['utm', '69', 'B-'],
    ['utm', '65', 'B-'],
    ['utm', '64', 'C+'],
    ['utm', '60', 'C+'],
    ['utm', '59', 'C'],
    ['utm', '55', 'C'],
    ['utm', '54', 'C-'],
    ['utm', '50', 'C-'],
    ['utm', '49', 'D+'],
    ['utm', '45', 'D+'],
    ['utm', '44', 'D'],
    ['utm', '40', 'D'],
    ['utm', '39', 'FX'],
    ['utm', '25', 'FX'],
    ['utm', '24', 'F'],
    ['utm', '0', 'F'],
  ])('%s %s is %s', (partner, grade, letter) => {
    expect(convert(partner, grade)).toBe(letter);
  });

  test.each([
    ['tum', '0.9', 'refused: "0.9" is not a grade of German 1.0-5.0 (1-5)'],
    ['tum', '5.1', 'refused: "5.1" is not a grade of German 1.0-5.0 (1-5)'],
    ['tum', '1.25', 'refused: "1.25" is not on the German 1.0-5.0 step of 0.1'],
    ['tum', 'sehr gut', 'refused: "sehr gut" is not a grade of German 1.0-5.0 (1-5)'],
    ['insa-lyon', '20.5', 'refused: "20.5" is not a grade of French 0-20 (0-20)'],
    ['ctu-prague', 'A+', 'refused: "A+" is not a grade of ECTS A-F (A, B, C, D, E, FX, F)'],
    ['utm', '-1', 'refused: "-1" is not a grade of percentages 0-100 (0-100)'],
    ['utm', '72.5', 'refused: "72.5" is not on the percentages 0-100 step of 1'],
  ])('%s %s is %s', (partner, grade, expected) => {
    expect(convert(partner, grade)).toBe(expected);
  });

  test('pass and fail follow the KBTU points: German 4.0 passes, 4.1 fails; French 10 passes, 9.99 fails', () => {
    const passed = (p: string, g: string) => {
      const r = convertGrade(partners[p]!.gradingScale, kbtu, g);
      return r.ok && r.grade.passed;
    };
    expect([
      passed('tum', '4.0'),
      passed('tum', '4.1'),
      passed('insa-lyon', '10'),
      passed('insa-lyon', '9.99'),
    ]).toEqual([true, false, true, false]);
  });
});

describe('properties of every shipped numeric table', () => {
  const numeric = Object.entries(partners).flatMap(([id, p]) =>
    p.gradingScale.kind === 'numeric' ? [[id, p.gradingScale] as const] : [],
  );
  const points = (s: PartnerScale, v: number) => {
    const r = convertGrade(s, kbtu, String(v));
    if (!r.ok) throw new Error(r.message);
    return r.grade.points;
  };
  test.each(numeric)('%s: total over its range and monotone', (_id, scale) => {
    if (scale.kind !== 'numeric') return;
    const steps = Math.round((scale.max - scale.min) / scale.step);
    const value = (i: number) => Number((scale.min + i * scale.step).toFixed(4));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: steps }), fc.integer({ min: 0, max: steps }), (i, j) => {
        const [lo, hi] = i <= j ? [i, j] : [j, i];
        const [better, worse] = scale.higherIsBetter ? [value(hi), value(lo)] : [value(lo), value(hi)];
        return points(scale, better) >= points(scale, worse);
      }),
    );
  });
});

describe('a partner table in the policy is checked', () => {
  const withPartner = (gradingScale: unknown) =>
    Policy.safeParse({
      ...currentPolicy,
      afterSelection: {
        ...currentPolicy.afterSelection,
        partners: {
          xu: { name: 'X Uni', gradingScale, credits: { system: 'ECTS', numerator: 1, denominator: 1 } },
        },
      },
    });
  const messages = (r: ReturnType<typeof withPartner>) =>
    r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const numeric = (bands: [number, number, string][]) => ({
    kind: 'numeric',
    name: 'test 0-10',
    min: 0,
    max: 10,
    step: 1,
    higherIsBetter: true,
    bands: bands.map(([from, to, letter]) => ({ from, to, letter })),
  });

  test('a gap, an overlap, a short end, an unknown letter and a non-monotone table are refused by path', () => {
    expect(
      messages(
        withPartner(
          numeric([
            [0, 4, 'F'],
            [6, 10, 'A'],
          ]),
        ),
      ),
    ).toContain(
      'afterSelection.partners.xu.gradingScale.bands.1.from: gap: grades from 5 to below 6 are in no band',
    );
    expect(
      messages(
        withPartner(
          numeric([
            [0, 5, 'F'],
            [5, 10, 'A'],
          ]),
        ),
      ),
    ).toContain(
      'afterSelection.partners.xu.gradingScale.bands.1.from: band 5-10 overlaps the band before it',
    );
    expect(
      messages(
        withPartner(
          numeric([
            [0, 5, 'F'],
            [6, 9, 'A'],
          ]),
        ),
      ),
    ).toContain("afterSelection.partners.xu.gradingScale.bands: the bands must end at the scale's max 10");
    expect(
      messages(
        withPartner(
          numeric([
            [0, 5, 'F'],
            [6, 10, 'A+'],
          ]),
        ),
      ),
    ).toContain(
      'afterSelection.partners.xu.gradingScale.bands.1.letter: A+ is not a letter of the KBTU scale',
    );
    expect(
      messages(
        withPartner(
          numeric([
            [0, 5, 'A'],
            [6, 10, 'F'],
          ]),
        ),
      ),
    ).toContain(
      'afterSelection.partners.xu.gradingScale.bands.0.letter: a worse grade converts to A, above the F of a better one',
    );
    expect(
      messages(
        withPartner(
          numeric([
            [0, 5, 'F'],
            [6, 10, 'A'],
          ]),
        ),
      ),
    ).toEqual([]);
  });
});
