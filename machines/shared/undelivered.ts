/**
 * What both kinds of case do with mail the relay refused for good: keep it, and let DI resend it once,
 * optionally to a corrected student address. Pure functions over the case's list of undelivered mail.
 */
interface Undelivered {
  key: string;
  to: string;
}
type Event = { type: string };
type Resend = { type: 'RESEND_MESSAGE'; messageKey: string; address?: string };
type Reported<M> = { type: 'NOTIFICATION_UNDELIVERED'; message: M };

const isResend = (e: Event): e is Resend => e.type === 'RESEND_MESSAGE';
const isReport = <M>(e: Event): e is Reported<M> => e.type === 'NOTIFICATION_UNDELIVERED';

/** The message a resend names, if the case holds it as undelivered. */
export const resentMessage = <M extends Undelivered>(list: readonly M[] | undefined, e: Event) =>
  isResend(e) ? (list ?? []).find((m) => m.key === e.messageKey) : undefined;

/** The list with a newly reported undelivered message. */
export const withReported = <M extends Undelivered>(list: M[] | undefined, e: Event): M[] | undefined =>
  isReport<M>(e) ? [...(list ?? []), e.message] : list;

/** The list without the message just resent. */
export const withoutResent = <M extends Undelivered>(list: M[] | undefined, e: Event): M[] =>
  (list ?? []).filter((m) => !isResend(e) || m.key !== e.messageKey);

/** The student with the address a resend corrected. */
export const withCorrectedAddress = <S extends { email: string }>(student: S, e: Event): S =>
  isResend(e) && e.address ? { ...student, email: e.address } : student;

/** A resend names a message the case holds as undelivered. */
export const namesUndelivered = (list: readonly Undelivered[] | undefined, e: Event) =>
  !isResend(e) || resentMessage(list, e) !== undefined;

export const undeliveredProblem = (list: readonly Undelivered[] | undefined) =>
  (list ?? []).length === 0
    ? 'no message of this case is undelivered'
    : `not an undelivered message of this case; undelivered: ${(list ?? []).map((m) => m.key).join(', ')}`;

/** A corrected address is only the student's. */
export const addressIsStudents = (list: readonly Undelivered[] | undefined, e: Event) =>
  !isResend(e) || e.address === undefined || resentMessage(list, e)?.to === 'student';
