import { CaseError } from '../client/errors';
import type { Actor } from '../domain/actor';
import type { CaseView } from '../domain/case-view';

/**
 * What each signed-in role may read, beside what the machine lets it do: a student reads their own cases,
 * a dean's office its school's, a partner the cases nominated to it; the other offices and the auditor
 * read every case. Each refusal names its rule.
 */
export function assertMayRead(actor: Actor, view: CaseView): void {
  const ctx = view.context as {
    student?: { id?: string; school?: string };
    partner?: { id?: string } | null;
  };
  if (actor.role === 'student' && ctx.student?.id !== actor.id) {
    throw new CaseError(
      'forbidden',
      `a student reads only their own cases; ${view.caseId} is not ${actor.id}'s`,
    );
  }
  if (actor.role === 'dean_office' && ctx.student?.school !== actor.school) {
    throw new CaseError(
      'forbidden',
      `the dean's office of ${actor.school} reads only its school's cases; ${view.caseId} is not of ${actor.school}`,
    );
  }
  if (actor.role === 'partner' && ctx.partner?.id !== actor.id) {
    throw new CaseError('forbidden', `partner ${actor.id} reads only the cases nominated to it`);
  }
}

/** A listing within the actor's scope: a student's own cases, a dean's office's school; partners list none. */
export function scopedFilter(actor: Actor, query: unknown): unknown {
  const filter = (query ?? {}) as Record<string, unknown>;
  const pin = (field: string, value: string, rule: string) => {
    if (filter[field] !== undefined && filter[field] !== value) throw new CaseError('forbidden', rule);
    return { ...filter, [field]: value };
  };
  if (actor.role === 'student') {
    return pin('studentId', actor.id, `a student lists only their own cases (studentId=${actor.id})`);
  }
  if (actor.role === 'dean_office') {
    return pin('school', actor.school!, `the dean's office of ${actor.school} lists only its school's cases`);
  }
  if (actor.role === 'partner') {
    throw new CaseError('forbidden', 'a partner reads the cases nominated to it one by one; it lists none');
  }
  return filter;
}

/** Only these roles see other students' data in bulk (rankings, the local inbox). */
export function assertStaff(actor: Actor, what: string): void {
  if (actor.role === 'student' || actor.role === 'partner') {
    throw new CaseError('forbidden', `${what} is for university staff, not for a ${actor.role}`);
  }
}

/**
 * The body of a request, with the signed-in actor in it. A body that names an actor is refused: the actor
 * is whoever signed in.
 */
export function withActor(body: unknown, actor: Actor): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if (Object.hasOwn(body, 'actor')) {
    const message = 'the actor is the signed-in user (from the access token); do not send one';
    throw new CaseError('invalid', `actor: ${message}`, { issues: [{ path: 'actor', message }] });
  }
  return { ...body, actor };
}
