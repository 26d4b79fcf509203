import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface Relayed {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The text/calendar part, when the message has one. */
  calendar: string | null;
  raw: string;
}

export interface RelayBehaviour {
  /** Answer RCPT TO for this address with an error (e.g. 550 or 451). */
  refuse?: (address: string) => { code: number; message: string } | undefined;
  /** Called at RCPT TO, before the message is received (e.g. to kill the sender there). */
  onRcpt?: (address: string) => void;
  /** Called once a whole message is received and kept, before the 250 is answered. */
  onAccepted?: (m: Relayed) => Promise<void> | void;
}

/**
 * A real SMTP relay for the tests, unlike the embedded sink: it keeps every message it accepts, the same
 * Message-ID as often as it comes, so a test sees exactly what a recipient behind a plain relay would.
 */
export async function startRelay(behaviour: RelayBehaviour = {}) {
  const received: Relayed[] = [];
  let b = behaviour;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session: SMTPServerSession, callback) {
      b.onRcpt?.(address.address);
      const refusal = b.refuse?.(address.address);
      if (!refusal) return callback();
      const err = new Error(refusal.message) as Error & { responseCode: number };
      err.responseCode = refusal.code;
      callback(err);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (mail) => {
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ''),
            );
            const calendar = mail.attachments.find((a) => a.contentType === 'text/calendar');
            const m: Relayed = {
              messageId: mail.messageId ?? '',
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              calendar: calendar ? calendar.content.toString('utf8') : null,
              raw,
            };
            received.push(m);
            await b.onAccepted?.(m);
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A sender killed mid-session resets its connection: the relay, like a real one, carries on.
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    behave(next: RelayBehaviour) {
      b = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Relay = Awaited<ReturnType<typeof startRelay>>;
