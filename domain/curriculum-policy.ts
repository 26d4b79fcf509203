import { z } from 'zod';
import { PartnerId } from './curriculum';
import { PartnerScale, type GradingScale } from './grading-scale';

/**
 * How a partner's credits count at KBTU: KBTU credits = partner credits x numerator / denominator, an
 * exact fraction (the default policy: 1/1, as KBTU uses ECTS).
 */
export const CreditConversion = z.strictObject({
  system: z.string().min(2).max(40).describe('the partner credit system, e.g. ECTS'),
  numerator: z.int().min(1).max(100),
  denominator: z.int().min(1).max(100),
});
export type CreditConversion = z.infer<typeof CreditConversion>;

export const PartnerConversion = z.strictObject({
  name: z.string().min(2).max(200),
  gradingScale: PartnerScale,
  credits: CreditConversion,
});
export type PartnerConversion = z.infer<typeof PartnerConversion>;

/** The policy after selection: each partner's grading table and credit conversion, and whether retakes cost. */
export const AfterSelectionPolicy = z
  .strictObject({
    retakesPaid: z.boolean().describe('whether a discipline taken again after return is paid by the student'),
    partners: z.record(PartnerId, PartnerConversion).describe('per partner id: grading table and credits'),
  })
  .describe('grading tables and credit conversion per partner; retakes');
export type AfterSelectionPolicy = z.infer<typeof AfterSelectionPolicy>;

export const NO_PARTNERS: AfterSelectionPolicy = { retakesPaid: true, partners: {} };

/**
 * Every KBTU letter a partner table maps to must be on the KBTU scale, and a better partner grade may
 * never convert to fewer KBTU points (the conversion is monotone).
 */
export function partnerLetterIssues(p: AfterSelectionPolicy, kbtu: GradingScale) {
  const letters = new Set(kbtu.map((b) => b.letter));
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [id, partner] of Object.entries(p.partners)) {
    const scale = partner.gradingScale;
    const targets =
      scale.kind === 'letters'
        ? scale.grades.map((g, i) => ({ letter: g.letter, path: ['grades', i, 'letter'] }))
        : scale.bands.map((b, i) => ({ letter: b.letter, path: ['bands', i, 'letter'] }));
    const at = (path: (string | number)[]) => ['afterSelection', 'partners', id, 'gradingScale', ...path];
    for (const t of targets)
      if (!letters.has(t.letter))
        issues.push({ path: at(t.path), message: `${t.letter} is not a letter of the KBTU scale` });
    // Best grade first: letters in list order, numeric bands from the best end of the scale.
    const points = (letter: string) => kbtu.find((b) => b.letter === letter)?.points ?? 0;
    const best =
      scale.kind === 'letters'
        ? targets
        : targets
            .map((t, i) => ({ ...t, from: scale.bands[i]!.from }))
            .sort((a, b) => (scale.higherIsBetter ? b.from - a.from : a.from - b.from));
    best.forEach((t, i) => {
      const previous = best[i - 1];
      if (previous && points(t.letter) > points(previous.letter))
        issues.push({
          path: at(t.path),
          message: `a worse grade converts to ${t.letter}, above the ${previous.letter} of a better one`,
        });
    });
  }
  return issues;
}
