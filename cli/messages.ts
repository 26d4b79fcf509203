import { DateTime } from 'luxon';
import { CaseMessages } from '../domain/case-messages';
import { type CommandSpec, need } from './command';
import { seg } from './http';

/** Dates as KBTU reads them: Almaty time, with the offset so a reader abroad is not misled. */
const almaty = (iso: string) =>
  DateTime.fromISO(iso).setZone('Asia/Almaty').toFormat('yyyy-MM-dd HH:mm (ZZ)');

/** `mobility messages` as text: the timers to come, then every message and where its delivery stands. */
export function formatMessages(m: CaseMessages): string {
  const lines = [m.upcoming.length ? 'upcoming:' : 'upcoming: none'];
  for (const u of m.upcoming) {
    const when = u.kind === 'reminder' ? `${u.daysBefore} days before` : 'after';
    lines.push(
      `  ${almaty(u.at)}  ${u.kind.padEnd(10)} to ${u.to}: ${u.deadline.what} (due ${almaty(u.deadline.dueAt)}, ${when})`,
    );
  }
  lines.push(m.messages.length ? 'messages:' : 'messages: none');
  for (const x of m.messages) {
    const state = x.state === 'sent' && x.unconfirmed ? 'sent (unconfirmed)' : x.state;
    lines.push(
      `  ${almaty(x.updatedAt)}  ${state.toUpperCase().padEnd(18)} ${x.template} to ${x.to} <${x.address}>`,
    );
    lines.push(`      "${x.subject}" (${x.language}, ${x.attempts} attempt(s), key ${x.messageKey})`);
    if (x.error) lines.push(`      ${x.state === 'failed' ? 'REFUSED' : 'last error'}: ${x.error}`);
  }
  return lines.join('\n');
}

/** One command for both kinds of case: the case id says which (outgoing-… or incoming-…). */
export const MESSAGES_COMMAND: CommandSpec = {
  name: 'messages',
  args: 'CASE_ID',
  summary:
    "a case's mail: reminders and escalations to come (Almaty time), and each message sent with its delivery state and the relay's error",
  options: {},
  example: 'mobility messages outgoing-erasmus-tum-2027-23b030112',
  via: 'api',
  run: async (ctx) => {
    const [id] = need(ctx, MESSAGES_COMMAND, 1);
    const base = id!.startsWith('incoming-') ? '/incoming/cases' : '/cases';
    const read = CaseMessages.parse(await (await ctx.api()).get(`${base}/${seg(id!)}/messages`));
    ctx.print(read, formatMessages(read));
    return 0;
  },
};
