import fc from 'fast-check';
import { GRANT_CATEGORIES, reconcileGrant } from '../../domain/grant';
import { currentPolicy } from '../helpers/fixtures';

const region = (id: string) => currentPolicy.mshe.regions.find((r) => r.id === id)!.allowances;

describe('grant reconciliation, per category, never offset', () => {
  test("the issue's example: flight 300,000 vs 261,375 is 38,625 own cost; accommodation 900,000 vs 928,200 is 28,200 to refund", () => {
    const r = reconcileGrant(region('europe'), {
      flight: 300_000,
      accommodation: 900_000,
      insurance: 53_550,
      visa: 40_800,
    });
    expect(r.categories).toEqual([
      { category: 'flight', allowance: 261_375, spent: 300_000, ownCost: 38_625, refund: 0 },
      { category: 'accommodation', allowance: 928_200, spent: 900_000, ownCost: 0, refund: 28_200 },
      { category: 'insurance', allowance: 53_550, spent: 53_550, ownCost: 0, refund: 0 },
      { category: 'visa', allowance: 40_800, spent: 40_800, ownCost: 0, refund: 0 },
    ]);
    // Not 10,425 net: the flight overspend is never paid from the accommodation left over.
    expect([r.ownCost, r.refund]).toEqual([38_625, 28_200]);
  });

  test.each([
    ['visa over', { flight: 665_975, accommodation: 1_326_000, insurance: 42_925, visa: 30_000 }, 3_650, 0],
    ['visa under', { flight: 665_975, accommodation: 1_326_000, insurance: 42_925, visa: 20_000 }, 0, 6_350],
    ['all exact', { flight: 665_975, accommodation: 1_326_000, insurance: 42_925, visa: 26_350 }, 0, 0],
    ['nothing spent', { flight: 0, accommodation: 0, insurance: 0, visa: 0 }, 0, 2_061_250],
  ])('South-East Asia, %s', (_name, spend, ownCost, refund) => {
    const r = reconcileGrant(region('south-east-asia'), spend);
    expect([r.ownCost, r.refund]).toEqual([ownCost, refund]);
  });

  const tenge = fc.integer({ min: 0, max: 5_000_000 });
  const amounts = fc.record({ flight: tenge, accommodation: tenge, insurance: tenge, visa: tenge });
  test('properties: per category, own cost and refund are never both; spent = allowance + own cost - refund; totals add up', () => {
    fc.assert(
      fc.property(amounts, amounts, (allowances, spend) => {
        const r = reconcileGrant(allowances, spend);
        for (const c of r.categories) {
          if (c.ownCost > 0 && c.refund > 0) return false;
          if (c.spent !== c.allowance + c.ownCost - c.refund) return false;
          if (!Number.isInteger(c.ownCost) || !Number.isInteger(c.refund)) return false;
        }
        return (
          r.ownCost === r.categories.reduce((s, c) => s + c.ownCost, 0) &&
          r.refund === r.categories.reduce((s, c) => s + c.refund, 0)
        );
      }),
    );
  });

  test("property: changing one category's spend changes no other category (no offsetting)", () => {
    fc.assert(
      fc.property(
        amounts,
        amounts,
        fc.constantFrom(...GRANT_CATEGORIES),
        tenge,
        (allowances, spend, category, other) => {
          const a = reconcileGrant(allowances, spend);
          const b = reconcileGrant(allowances, { ...spend, [category]: other });
          return a.categories.every(
            (c, i) => c.category === category || JSON.stringify(c) === JSON.stringify(b.categories[i]),
          );
        },
      ),
    );
  });
});
