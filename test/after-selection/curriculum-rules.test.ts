import { evaluateCurriculum } from '../../domain/curriculum-rules';
import { semester4, tumCatalogue, tumMatches, utmCatalogue } from './support';

const ects = { system: 'ECTS', numerator: 1, denominator: 1 };
const evaluate = (
  matches: { kbtuCode: string; partnerCodes: string[] }[],
  catalogue = tumCatalogue,
  conversion = ects,
) =>
  evaluateCurriculum({
    programme: '6B06102',
    semester: 4,
    courses: semester4,
    catalogue,
    matches,
    conversion,
    retakesPaid: true,
  });

describe('the individual curriculum', () => {
  test('courses matched with enough credits leave only the unmatched one to retake', () => {
    const c = evaluate([
      ...tumMatches.filter((m) => m.kbtuCode !== 'HUM2010'),
      { kbtuCode: 'CSE2250', partnerCodes: ['IN0009'] },
    ]);
    expect(c.problems).toEqual([]);
    expect(c.retakes.map((r) => [r.code, r.reason])).toEqual([['HUM2010', 'no partner course matched']]);
    expect(c.requiredTenths).toBe(300);
    expect(c.plannedTenths).toBe(290);
  });

  test('an unmatched compulsory course and a credit shortfall go on the retake list, named', () => {
    const c = evaluate(tumMatches);
    expect(c.problems).toEqual([]);
    expect(c.retakes).toEqual([
      { code: 'CSE2250', title: 'Operating Systems', credits: 5, reason: 'no partner course matched' },
      {
        code: 'HUM2010',
        title: 'Philosophy of Science',
        credits: 4,
        reason: 'credit shortfall: 3 of 4 KBTU credits',
      },
    ]);
    expect(c.retakesPaid).toBe(true);
    expect(c.lines.find((l) => l.kbtu.code === 'HUM2010')?.status).toBe('short');
  });

  test('an elective matched to a partner course of another elective type, or an unclassified one, is a problem', () => {
    const c = evaluate([
      { kbtuCode: 'MATH2040', partnerCodes: ['WZ1150'] },
      { kbtuCode: 'HUM2010', partnerCodes: ['IN0007'] },
    ]);
    expect(c.problems).toEqual([
      {
        path: 'matches.0.partnerCodes.0',
        message:
          "MATH2040 is a basic elective; WZ1150 is classified general education in the partner's catalogue",
      },
      {
        path: 'matches.1.partnerCodes.0',
        message:
          "HUM2010 is a general education elective; IN0007 is not classified as an elective in the partner's catalogue",
      },
    ]);
  });

  test('unknown codes, a course matched twice and a partner course used twice are problems by path', () => {
    const c = evaluate([
      { kbtuCode: 'CSE9999', partnerCodes: ['IN0007'] },
      { kbtuCode: 'CSE2210', partnerCodes: ['IN0007'] },
      { kbtuCode: 'cse2210', partnerCodes: ['IN0008'] },
      { kbtuCode: 'CSE2230', partnerCodes: ['IN0007', 'XX100'] },
    ]);
    expect(c.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'matches.0.kbtuCode: CSE9999 is not in the working curriculum of 6B06102, semester 4',
      'matches.2.kbtuCode: CSE2210 is matched twice',
      'matches.3.partnerCodes.0: IN0007 already stands for CSE2210',
      "matches.3.partnerCodes.1: XX100 is not in the partner's course catalogue",
    ]);
  });

  test("the partner's credit conversion applies: 3 Malaysian credit hours count as 6 KBTU credits", () => {
    const c = evaluate(
      [
        { kbtuCode: 'CSE2210', partnerCodes: ['SECJ2013'] },
        { kbtuCode: 'HUM2010', partnerCodes: ['UHLB2122'] },
      ],
      utmCatalogue,
      { system: 'Malaysian credit hours', numerator: 2, denominator: 1 },
    );
    expect(c.lines.find((l) => l.kbtu.code === 'CSE2210')).toMatchObject({
      creditsTenths: 60,
      status: 'matched',
    });
    expect(c.lines.find((l) => l.kbtu.code === 'HUM2010')).toMatchObject({
      creditsTenths: 40,
      status: 'matched',
    });
  });
});
