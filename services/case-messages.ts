import type { Actor } from '../domain/actor';
import type { CaseMessage, CaseMessages, UpcomingMessage } from '../domain/case-messages';
import type { OutboxRecord, OutboxStore } from '../stores/outbox';

/** Where a case's mail comes from: its pending timers (a workflow query) and the outbox ledger. */
export interface CaseMessageSources {
  upcoming: (caseId: string) => Promise<UpcomingMessage[]>;
  outbox: Pick<OutboxStore, 'byCase'>;
}

/**
 * Which of a case's messages a reader may see. Staff and auditors see all of them; a student or a partner,
 * who may read the case but not the offices' mail, only what is addressed to them (a student: at their own
 * address, so mail an earlier address received stays out too).
 */
function addressedToReader(actor: Actor, studentEmail: string) {
  if (actor.role === 'student') {
    return (m: { to: string; address?: string }) =>
      m.to === 'student' &&
      (m.address === undefined || m.address.toLowerCase() === studentEmail.toLowerCase());
  }
  if (actor.role === 'partner') return (m: { to: string }) => m.to === 'partner';
  return () => true;
}

const messageOf = (r: OutboxRecord): CaseMessage => ({
  messageKey: r.key.slice(r.caseId.length + 1),
  template: r.template,
  to: r.to,
  address: r.address,
  subject: r.subject,
  language: r.language,
  state: r.state,
  attempts: r.attempts,
  error: r.error,
  unconfirmed: r.unconfirmed,
  updatedAt: r.updatedAt,
  messageId: r.messageId,
});

/**
 * The reminders and escalations a case will send (earliest first) and the messages it has asked for, as
 * the outbox knows them (oldest first, as the history reads), within what `actor` may see. The caller
 * has checked that `actor` may read the case at all.
 */
export async function caseMessages(
  sources: CaseMessageSources,
  actor: Actor,
  theCase: { caseId: string; studentEmail: string },
): Promise<CaseMessages> {
  const { caseId } = theCase;
  const mayRead = addressedToReader(actor, theCase.studentEmail);
  const [upcoming, records] = await Promise.all([sources.upcoming(caseId), sources.outbox.byCase(caseId)]);
  const messages = records
    .map(messageOf)
    .filter(mayRead)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.messageKey.localeCompare(b.messageKey));
  return { upcoming: upcoming.filter(mayRead), messages };
}
