import { z } from 'zod';

/** Everyone who can send an event to a case. `system` is the case itself (timers, escalations). */
export const Role = z.enum([
  'student',
  'di_officer',
  'dean_office',
  'registrar',
  'snss',
  'vice_rector',
  'finance',
  'partner',
  'auditor',
  'system',
]);
export type Role = z.infer<typeof Role>;

/** Roles a person can act as through the API or CLI; `system` is reserved for the case's own timers. */
export const StaffRole = Role.exclude(['system']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Actor = z.object({
  id: z.string().trim().min(1, 'actor id must not be empty').max(100),
  role: StaffRole,
  /** A dean's office acts for one school: from the signed-in identity, never typed (see api/auth.ts). */
  school: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'school must be the school code in capitals, e.g. SITE or BS')
    .optional(),
});
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR = { id: 'mobility-system', role: 'system' } as const;
