import type { Addressee, Office } from '../../domain/notification';

/** Every mailbox the case writes to besides the student's: offices, deans' offices per school, heads. */
export interface MailDirectory {
  offices: Record<Office, string>;
  /** The dean's office of each school by its code (SITE, BS, …); a school not listed uses `offices`. */
  deansBySchool?: Record<string, string>;
  /** The head of each office: the last step of an escalation chain. */
  heads?: Partial<Record<Office, string>>;
}

/** The address a message for `to` goes to, or undefined when the directory has none. */
export function addressOf(
  to: Addressee,
  student: { email: string; school?: string },
  d: MailDirectory,
): string | undefined {
  if (to === 'student') return student.email;
  if (to.startsWith('head:')) return d.heads?.[to.slice('head:'.length) as Office] || undefined;
  const office = to as Office;
  if (office === 'dean_office' && student.school && d.deansBySchool?.[student.school])
    return d.deansBySchool[student.school];
  return d.offices[office] || undefined;
}
