import { z } from 'zod';
import { Degree, Student } from './case';

export const PartnerId = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,40}$/, 'partnerId must be 2-40 lower-case letters, digits or dashes');

/** The tracks a partner agreement can carry students on: MSHE places come from the ministry, not a partner. */
export const AgreementTrack = z.enum(['erasmus', 'self_funded']);

/** Places in every spring or every fall semester, at one study level. */
export const TermPlaces = z.strictObject({
  term: z.enum(['spring', 'fall']),
  degree: Degree,
  places: z.int().min(0).max(1000),
});
export type TermPlaces = z.infer<typeof TermPlaces>;

/**
 * One partner university's agreement with KBTU, as data: how many students it takes per semester and
 * level, how many of its students KBTU takes in return, the subject areas it covers (the KBTU schools
 * whose students it takes and that host its students) and its international office.
 */
export const PartnerAgreement = z
  .strictObject({
    partnerId: PartnerId,
    partnerName: z.string().trim().min(2).max(200),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166 alpha-2 code, e.g. DE')
      .optional(),
    tracks: z.array(AgreementTrack).min(1, 'an agreement carries students on at least one track'),
    places: z.array(TermPlaces).min(1, 'an agreement states its places per semester and level'),
    incoming: z
      .array(TermPlaces)
      .optional()
      .describe("the partner's students KBTU takes per semester and level; none: no nominations"),
    schools: z
      .array(Student.shape.school)
      .min(1, 'an agreement covers the subject areas of at least one school'),
    contact: z.strictObject({ name: z.string().trim().min(2).max(200), email: z.email() }),
  })
  .superRefine((a, ctx) => {
    for (const field of ['places', 'incoming'] as const) {
      const seen = new Set<string>();
      (a[field] ?? []).forEach((p, i) => {
        const key = `${p.term}/${p.degree}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [field, i], message: `${field} for ${key} are listed twice` });
        seen.add(key);
      });
    }
  });
export type PartnerAgreement = z.infer<typeof PartnerAgreement>;

/** A whole table of agreements as imported: every partner once. */
export const AgreementTable = z.array(PartnerAgreement).superRefine((rows, ctx) => {
  const seen = new Set<string>();
  rows.forEach((a, i) => {
    if (seen.has(a.partnerId))
      ctx.addIssue({
        code: 'custom',
        path: [i, 'partnerId'],
        message: `partner ${a.partnerId} is listed twice`,
      });
    seen.add(a.partnerId);
  });
});
