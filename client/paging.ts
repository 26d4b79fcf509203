import { z } from 'zod';

/**
 * Paging of the lists of cases and of calls, the contract the API, the console and the CLI share
 * (client/list-page.ts reads a page from Temporal's visibility store).
 */

/** One page of a list: its items and the cursor of the next page, null on the last one. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A page's schema, for the API's documentation of a list's answer. */
export const pageOf = (item: z.ZodType, what: string) =>
  z
    .object({
      items: z.array(item).describe(what),
      next: z
        .string()
        .nullable()
        .describe('the `cursor` of the next page; null on the last page (which may come back empty)'),
    })
    .describe(`a page of ${what}`);

export const PAGE_LIMIT = { default: 50, max: 200 } as const;

/** The paging fields of every list's query. */
export const Paging = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT.max)
    .default(PAGE_LIMIT.default)
    .describe(`items per page, 1-${PAGE_LIMIT.max} (default ${PAGE_LIMIT.default})`),
  cursor: z
    .string()
    .max(4096)
    .optional()
    .describe("the previous page's `next`, as it came, with the same filters; absent for the first page"),
};
