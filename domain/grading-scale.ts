import { z } from 'zod';

/** One letter of the KBTU scale: the whole percentages it covers and its grade points. */
export const GradingBand = z.strictObject({
  letter: z.string().regex(/^[A-Z][+-]?X?$/, 'letter must look like A, A-, B+ or FX'),
  min: z.int().min(0).max(100).describe('lowest percentage of the band, inclusive'),
  max: z.int().min(0).max(100).describe('highest percentage of the band, inclusive'),
  points: z.number().min(0).max(4).describe('grade points on the 4.0 scale'),
});
export type GradingBand = z.infer<typeof GradingBand>;

/**
 * The KBTU letter scale partner grades are converted to. Its bands must cover 0-100 in whole percentages
 * with no gap and no overlap, and a higher band may not carry fewer points.
 */
export const GradingScale = z
  .array(GradingBand)
  .min(1)
  .superRefine((bands, ctx) => {
    const issue = (i: number, field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [i, field], message });
    bands.forEach((b, i) => {
      if (b.min > b.max) issue(i, 'max', `band ${b.letter}: max ${b.max} is below min ${b.min}`);
    });
    const letters = new Set<string>();
    bands.forEach((b, i) => {
      if (letters.has(b.letter)) issue(i, 'letter', `letter ${b.letter} is listed twice`);
      letters.add(b.letter);
    });
    const order = bands.map((b, i) => ({ b, i })).sort((x, y) => x.b.min - y.b.min);
    let expected = 0;
    let previous: GradingBand | undefined;
    for (const { b, i } of order) {
      if (b.min > expected) {
        issue(i, 'min', `gap: ${expected}-${b.min - 1} is in no band (band ${b.letter} starts at ${b.min})`);
      } else if (b.min < expected && previous) {
        issue(
          i,
          'min',
          `band ${b.letter} (${b.min}-${b.max}) overlaps ${previous.letter} (${previous.min}-${previous.max})`,
        );
      }
      if (previous && b.points < previous.points) {
        issue(i, 'points', `band ${b.letter} is higher than ${previous.letter} but carries fewer points`);
      }
      expected = Math.max(expected, b.max + 1);
      previous = b;
    }
    if (expected <= 100) {
      ctx.addIssue({ code: 'custom', path: [], message: `gap: ${expected}-100 is in no band` });
    }
  })
  .describe('the KBTU letter scale, covering 0-100 without gaps or overlaps');
export type GradingScale = z.infer<typeof GradingScale>;

/** The band a whole or fractional percentage falls in (fractions round half up first). */
export function gradeFor(scale: GradingScale, percentage: number): GradingBand | undefined {
  const p = Math.round(percentage);
  return scale.find((b) => p >= b.min && p <= b.max);
}
