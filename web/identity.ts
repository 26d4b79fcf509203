import type { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';

/**
 * Who is signed in, as the verified access token says: the actor the console acts as (never typed in a
 * form), and the scope that comes with the role: a school for a dean's office, a student's own id, a partner.
 */
export interface SignedIn {
  actor: Actor;
  name: string;
  school?: string;
  studentId?: string;
  partnerId?: string;
}

/** Verifies an access token (signature, issuer, audience, expiry) and maps its claims to a person. */
export type VerifyAccessToken = (token: string) => Promise<SignedIn>;

/** The list filter that keeps a listing within what this person may see. */
export function scopeFilter(who: SignedIn): { studentId?: string; school?: string } {
  if (who.actor.role === 'student') return { studentId: who.studentId ?? who.actor.id };
  if (who.actor.role === 'dean_office' && who.school) return { school: who.school };
  return {};
}

interface CaseFacts {
  student?: { id?: string; school?: string };
  partner?: { id?: string } | null;
}

/**
 * Whether this person may see the case: students their own, a dean's office its school's, a partner the
 * cases nominated to it; the international office, the other offices and auditors every case.
 */
export function maySee(who: SignedIn, view: Pick<CaseView, 'context'>): boolean {
  const c = view.context as CaseFacts;
  switch (who.actor.role) {
    case 'student':
      return (c.student?.id ?? '').toLowerCase() === (who.studentId ?? who.actor.id).toLowerCase();
    case 'dean_office':
      return !who.school || c.student?.school === who.school;
    case 'partner':
      return !!who.partnerId && c.partner?.id === who.partnerId;
    default:
      return true;
  }
}

/** Auditors read everything and change nothing: the console draws them no form and accepts none. */
export const readOnly = (who: SignedIn): boolean => who.actor.role === 'auditor';
