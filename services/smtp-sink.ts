import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * The embedded default's mail server: accepts every message on loopback and files it in `inboxDir`,
 * one JSON file per Message-ID, so a message delivered twice is kept once.
 */
export async function startSmtpSink(opts: {
  host: string;
  port: number;
  inboxDir: string;
}): Promise<SmtpSink> {
  await mkdir(opts.inboxDir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const messageId = mail.messageId ?? `<${Date.now()}@sink>`;
          const header = mail.headers.get('x-mobility-case');
          const message: InboxMessage = {
            messageId,
            caseId: typeof header === 'string' ? header : null,
            from: addresses(mail.from)[0] ?? '',
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: new Date().toISOString(),
          };
          const file = createHash('sha256').update(messageId).digest('hex').slice(0, 32) + '.json';
          await writeFile(join(opts.inboxDir, file), JSON.stringify(message, null, 2));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Messages in the inbox, newest first, optionally only those to one address or about one case. */
export async function readInbox(
  inboxDir: string,
  filter: { to?: string; caseId?: string } = {},
): Promise<InboxMessage[]> {
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
