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

/**
 * A partner university's scale, mapped band by band onto KBTU letters. Numeric scales (German 1.0-5.0,
 * French 0-20, percentages) are tiled by bands at the scale's `step`, so every grade the scale can give
 * falls in exactly one band; letter scales (ECTS A-F) list every grade, best first.
 */
const NumericBand = z.strictObject({
  from: z.number().describe('inclusive'),
  to: z.number().describe('inclusive'),
  letter: z.string().describe('the KBTU letter this band converts to'),
});
const LetterGrade = z.strictObject({
  grade: z.string().trim().min(1).max(10),
  letter: z.string().describe('the KBTU letter this grade converts to'),
});

/** Whole multiples of `step` between a and b, exactly (grades are decimals, steps like 0.1). */
const stepsBetween = (a: number, b: number, step: number) => Math.round((b - a) / step);
const onStep = (v: number, min: number, step: number) =>
  Math.abs((v - min) / step - Math.round((v - min) / step)) < 1e-9;

export const PartnerScale = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('numeric'),
      name: z.string().min(2).max(100),
      min: z.number(),
      max: z.number(),
      step: z.number().positive().describe('the finest grade the scale gives, e.g. 0.1 for German grades'),
      higherIsBetter: z.boolean().describe('false for German grades, where 1.0 is best'),
      bands: z.array(NumericBand).min(1),
    }),
    z.strictObject({
      kind: z.literal('letters'),
      name: z.string().min(2).max(100),
      grades: z.array(LetterGrade).min(1).describe('every grade of the scale, best first'),
    }),
  ])
  .superRefine((s, ctx) => {
    if (s.kind === 'letters') {
      const seen = new Set<string>();
      s.grades.forEach((g, i) => {
        if (seen.has(g.grade.toUpperCase()))
          ctx.addIssue({
            code: 'custom',
            path: ['grades', i, 'grade'],
            message: `grade ${g.grade} is listed twice`,
          });
        seen.add(g.grade.toUpperCase());
      });
      return;
    }
    if (s.min >= s.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must be above min' });
    // Bands tile the scale from its worst grade upward: each starts one step after the previous ends.
    const bands = [...s.bands].map((b, i) => ({ b, i })).sort((x, y) => x.b.from - y.b.from);
    let expected = s.min;
    for (const { b, i } of bands) {
      const path = ['bands', i];
      if (!onStep(b.from, s.min, s.step) || !onStep(b.to, s.min, s.step))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'from'],
          message: `band ${b.from}-${b.to} is not on the scale's step ${s.step}`,
        });
      if (b.to < b.from)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'to'],
          message: `band ${b.from}-${b.to} ends before it starts`,
        });
      const gap = stepsBetween(expected, b.from, s.step);
      if (gap > 0)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'from'],
          message: `gap: grades from ${expected} to below ${b.from} are in no band`,
        });
      if (gap < 0)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'from'],
          message: `band ${b.from}-${b.to} overlaps the band before it`,
        });
      expected = b.to + s.step;
    }
    if (stepsBetween(expected, s.max + s.step, s.step) !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['bands'],
        message: `the bands must end at the scale's max ${s.max}`,
      });
  });
export type PartnerScale = z.infer<typeof PartnerScale>;

/** A partner grade converted: what the partner gave, and the KBTU letter and points it counts as. */
export interface ConvertedGrade {
  original: string;
  letter: string;
  points: number;
  passed: boolean;
}

export type Conversion = { ok: true; grade: ConvertedGrade } | { ok: false; message: string };

/** The lowest KBTU letter that still passes: the first band with points above zero. */
const passes = (band: GradingBand) => band.points > 0;

/**
 * Converts one partner grade onto the KBTU scale. Numbers may use a decimal comma; a numeric grade off
 * the scale's range or step, or a letter the scale does not have, is refused with the scale's name.
 */
export function convertGrade(scale: PartnerScale, kbtu: GradingScale, raw: string): Conversion {
  const original = raw.trim();
  let letter: string | undefined;
  if (scale.kind === 'letters') {
    letter = scale.grades.find((g) => g.grade.toUpperCase() === original.toUpperCase())?.letter;
    if (!letter)
      return {
        ok: false,
        message: `"${original}" is not a grade of ${scale.name} (${scale.grades.map((g) => g.grade).join(', ')})`,
      };
  } else {
    const value = Number(original.replace(',', '.'));
    if (original === '' || !Number.isFinite(value) || value < scale.min || value > scale.max)
      return {
        ok: false,
        message: `"${original}" is not a grade of ${scale.name} (${scale.min}-${scale.max})`,
      };
    if (!onStep(value, scale.min, scale.step))
      return { ok: false, message: `"${original}" is not on the ${scale.name} step of ${scale.step}` };
    letter = scale.bands.find(
      (b) => stepsBetween(b.from, value, scale.step) >= 0 && stepsBetween(value, b.to, scale.step) >= 0,
    )?.letter;
    if (!letter) return { ok: false, message: `"${original}" is in no band of ${scale.name}` };
  }
  const band = kbtu.find((b) => b.letter === letter);
  if (!band) return { ok: false, message: `${scale.name} maps to ${letter}, which is not a KBTU letter` };
  return { ok: true, grade: { original, letter: band.letter, points: band.points, passed: passes(band) } };
}
