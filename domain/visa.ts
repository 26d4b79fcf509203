import { z } from 'zod';

/** A citizenship as its ISO 3166-1 alpha-2 code. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'citizenship must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE or KG');
export type CountryCode = z.infer<typeof CountryCode>;

/** A citizenship Kazakhstan lets stay without a visa, and for how long ('unlimited': e.g. the EAEU). */
export const VisaFreeStay = z.strictObject({
  country: CountryCode,
  days: z.union([z.int().min(1).max(365), z.literal('unlimited')]),
  note: z.string().min(1).max(300).optional(),
});
export type VisaFreeStay = z.infer<typeof VisaFreeStay>;

export const VisaFreeList = z
  .array(VisaFreeStay)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.country))
        ctx.addIssue({ code: 'custom', path: [i, 'country'], message: `${s.country} is listed twice` });
      seen.add(s.country);
    });
  })
  .describe('citizenships with a visa-free stay in Kazakhstan; every other citizenship needs a visa');

/** Whether a citizen needs a visa for the stay, and the rule that decided it, in words. */
export const VisaDecision = z.object({
  required: z.boolean(),
  citizenship: CountryCode,
  visaFreeDays: z.union([z.number(), z.literal('unlimited')]).nullable(),
  stayDays: z.number(),
  rule: z.string(),
  policyVersion: z.string(),
});
export type VisaDecision = z.infer<typeof VisaDecision>;

/**
 * The visa rule: a citizenship not on the visa-free list needs a visa; one on it needs none when the
 * stay fits the visa-free days. Pure: the list and the stay are policy data the case pinned.
 */
export function visaDecision(
  citizenship: string,
  stayDays: number,
  visaFree: readonly VisaFreeStay[],
  policyVersion: string,
): VisaDecision {
  const entry = visaFree.find((s) => s.country === citizenship);
  const base = { citizenship, stayDays, policyVersion, visaFreeDays: entry?.days ?? null };
  if (!entry) {
    return {
      ...base,
      required: true,
      rule: `${citizenship} is not on the visa-free list (policy ${policyVersion}): a visa and a migration-service invitation are needed`,
    };
  }
  if (entry.days === 'unlimited' || entry.days >= stayDays) {
    return {
      ...base,
      required: false,
      rule: `${citizenship} citizens stay visa-free ${entry.days === 'unlimited' ? 'without a limit' : `up to ${entry.days} days`}, enough for the ${stayDays}-day stay (policy ${policyVersion}): no migration-service invitation`,
    };
  }
  return {
    ...base,
    required: true,
    rule: `${citizenship} citizens stay visa-free up to ${entry.days} days, less than the ${stayDays}-day stay (policy ${policyVersion}): a visa and a migration-service invitation are needed`,
  };
}
