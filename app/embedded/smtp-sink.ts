import { mkdir } from 'node:fs/promises';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { fileInboxMessage, type InboxMessage } from '../../stores/inbox';

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * The embedded default's mail server: accepts every message on loopback and files it in `inboxDir`
 * (stores/inbox.ts), one JSON file per Message-ID, so a message delivered twice is kept once.
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
          await fileInboxMessage(opts.inboxDir, message);
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
