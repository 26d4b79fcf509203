import { z } from 'zod';
import { Language } from './notification';

/** A reminder or escalation the case will send when its moment comes, unless a transition cancels it. */
export const UpcomingMessage = z.object({
  key: z.string().describe('the timer, e.g. reminder:invitationLetter:3d or escalation:invitationLetter:2'),
  at: z.iso.datetime().describe('when it is sent (UTC)'),
  kind: z.enum(['reminder', 'escalation']),
  deadline: z.object({ id: z.string(), what: z.string(), dueAt: z.iso.datetime() }),
  daysBefore: z.number().int().nullable().describe('a reminder: days before the deadline'),
  to: z.string().describe('the addressee: student, an office, or head:<office>'),
});
export type UpcomingMessage = z.infer<typeof UpcomingMessage>;

/** A message the case asked for, as the outbox delivery ledger (stores/outbox.ts) knows it. */
export const CaseMessage = z.object({
  messageKey: z.string().describe('the case-local key; a resend names it'),
  template: z.string(),
  to: z.string().describe('the addressee: student, partner, an office, or head:<office>'),
  address: z.string(),
  subject: z.string(),
  language: Language,
  state: z
    .enum(['prepared', 'handed', 'sent', 'failed'])
    .describe(
      'prepared: not yet handed to the relay (or a transient error, retried); handed: on the wire; sent: the relay accepted it; failed: refused for good (5xx)',
    ),
  attempts: z.number().int(),
  error: z.string().nullable().describe("the relay's refusal or the last transient error"),
  unconfirmed: z.boolean().describe('sent, but the worker never saw the relay accept it (it died)'),
  updatedAt: z.iso.datetime(),
  messageId: z.string(),
});
export type CaseMessage = z.infer<typeof CaseMessage>;

/** What `GET /cases/:id/messages` answers: the timers still to fire, earliest first; the messages, latest first. */
export const CaseMessages = z.object({
  upcoming: z.array(UpcomingMessage),
  messages: z.array(CaseMessage),
});
export type CaseMessages = z.infer<typeof CaseMessages>;
