import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A message as the local inbox keeps it. */
export interface InboxMessage {
  messageId: string;
  caseId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface InboxFilter {
  to?: string;
  caseId?: string;
}

/** Reads the local inbox: what the API's `/inbox` and the CLI's `inbox` serve. */
export type InboxReader = (filter?: InboxFilter) => Promise<InboxMessage[]>;

/** Files a message in the inbox folder, one JSON file per Message-ID, so a message delivered twice is kept once. */
export async function fileInboxMessage(inboxDir: string, message: InboxMessage): Promise<void> {
  const file = createHash('sha256').update(message.messageId).digest('hex').slice(0, 32) + '.json';
  await writeFile(join(inboxDir, file), JSON.stringify(message, null, 2));
}

/** Messages in the inbox, newest first, optionally only those to one address or about one case. */
export async function readInbox(inboxDir: string, filter: InboxFilter = {}): Promise<InboxMessage[]> {
  const files = await readdir(inboxDir).catch(() => [] as string[]);
  const messages = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await readFile(join(inboxDir, f), 'utf8')) as InboxMessage),
  );
  return messages
    .filter((m) => (!filter.to || m.to.includes(filter.to)) && (!filter.caseId || m.caseId === filter.caseId))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** The reader of the inbox in `inboxDir`. */
export function fileInbox(inboxDir: string): InboxReader {
  return (filter) => readInbox(inboxDir, filter);
}
