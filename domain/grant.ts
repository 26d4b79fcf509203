import { z } from 'zod';
import type { Allowances } from './policy-tables';

export const GRANT_CATEGORIES = ['flight', 'accommodation', 'insurance', 'visa'] as const;
export type GrantCategory = (typeof GRANT_CATEGORIES)[number];

const Tenge = z.int('amounts are whole tenge').min(0).max(100_000_000);

/** What the student spent per category, in whole tenge, as the financial report states it. */
export const GrantSpend = z.strictObject({
  flight: Tenge,
  accommodation: Tenge,
  insurance: Tenge,
  visa: Tenge,
});
export type GrantSpend = z.infer<typeof GrantSpend>;

export interface CategoryReconciliation {
  category: GrantCategory;
  allowance: number;
  spent: number;
  /** Spent over the allowance: the student's own cost, never covered from another category. */
  ownCost: number;
  /** Allowance not spent: to be refunded. */
  refund: number;
}

export interface GrantReconciliation {
  categories: CategoryReconciliation[];
  ownCost: number;
  refund: number;
}

/**
 * The MSHE rule, per category and never across: spending over a category's allowance is the student's
 * own cost, an unspent allowance is refunded. Integer tenge throughout.
 */
export function reconcileGrant(allowances: Allowances, spend: GrantSpend): GrantReconciliation {
  const categories = GRANT_CATEGORIES.map((category): CategoryReconciliation => {
    const allowance = allowances[category];
    const spent = spend[category];
    return {
      category,
      allowance,
      spent,
      ownCost: Math.max(0, spent - allowance),
      refund: Math.max(0, allowance - spent),
    };
  });
  return {
    categories,
    ownCost: categories.reduce((s, c) => s + c.ownCost, 0),
    refund: categories.reduce((s, c) => s + c.refund, 0),
  };
}

/** 1283925 as "1,283,925": tenge as the policy's tables write them. */
export const tenge = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The statement as mail and audit lines: one per category, then the totals, amounts in tenge. */
export function statementLines(r: GrantReconciliation): string[] {
  return [
    ...r.categories.map(
      (c) =>
        `${c.category}: allowance ${tenge(c.allowance)}, spent ${tenge(c.spent)}` +
        (c.ownCost > 0 ? `, own cost ${tenge(c.ownCost)}` : '') +
        (c.refund > 0 ? `, to refund ${tenge(c.refund)}` : ''),
    ),
    `total: own cost ${tenge(r.ownCost)}, to refund ${tenge(r.refund)}`,
  ];
}
