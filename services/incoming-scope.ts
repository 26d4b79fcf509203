import { CaseError } from '../client/errors';
import type { Actor } from '../domain/actor';
import type { IncomingCaseView } from '../domain/incoming';

/** The schools a dean's office may speak for on this case: the host school and those teaching its courses. */
const schoolsOf = (view: IncomingCaseView) =>
  new Set([view.school, ...(view.learningAgreement?.courses.map((c) => c.school) ?? [])]);

/**
 * Who may read an incoming case: a partner only its own nominees, a student only their own case, a dean's
 * office a case its school hosts or teaches a course of; DI, the other offices and the auditor every case.
 * The API and the web console both ask here, so the two never disagree on a case's scope.
 */
export function assertMayReadIncoming(actor: Actor, view: IncomingCaseView): void {
  if (actor.role === 'partner' && view.partner.id !== actor.id) {
    throw new CaseError(
      'forbidden',
      `partner ${actor.id} reads only its own nominees; ${view.caseId} is not`,
    );
  }
  if (actor.role === 'student' && view.student.partnerStudentId !== actor.id) {
    throw new CaseError(
      'forbidden',
      `a student reads only their own case; ${view.caseId} is not ${actor.id}'s`,
    );
  }
  if (actor.role === 'dean_office' && !schoolsOf(view).has(actor.school ?? '')) {
    throw new CaseError(
      'forbidden',
      `the dean's office of ${actor.school} reads only cases its school hosts or teaches; ${view.caseId} is of ${view.school}`,
    );
  }
}

/** The same rule as a yes or no: the console shows a case out of scope as one that does not exist. */
export function mayReadIncoming(actor: Actor, view: IncomingCaseView): boolean {
  try {
    assertMayReadIncoming(actor, view);
    return true;
  } catch (err) {
    if (err instanceof CaseError && err.kind === 'forbidden') return false;
    throw err;
  }
}

/** A dean's office agrees a learning agreement only for its own school. */
export function assertOwnSchool(actor: Actor, body: unknown): void {
  const school = (body as { school?: unknown } | null)?.school;
  if (actor.role === 'dean_office' && typeof school === 'string' && school !== actor.school) {
    const message = `the dean's office of ${actor.school} agrees only for ${actor.school}, not ${school}`;
    throw new CaseError('forbidden', message, { issues: [{ path: 'school', message }] });
  }
}

/** A listing within the actor's scope: a partner its own nominees, a dean's office its school's. */
export function scopedIncomingFilter(actor: Actor, query: unknown): Record<string, unknown> {
  const filter = (query ?? {}) as Record<string, unknown>;
  const pin = (field: string, value: string, rule: string) => {
    if (filter[field] !== undefined && filter[field] !== value) throw new CaseError('forbidden', rule);
    return { ...filter, [field]: value };
  };
  if (actor.role === 'partner')
    return pin('partnerId', actor.id, `partner ${actor.id} lists only its own nominees`);
  if (actor.role === 'dean_office') {
    return pin('school', actor.school!, `the dean's office of ${actor.school} lists only its school's cases`);
  }
  if (actor.role === 'student')
    throw new CaseError('forbidden', 'a student reads their own case; it lists none');
  return filter;
}
