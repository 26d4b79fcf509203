import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  /** Send in clear even when the server offers STARTTLS (the local sink). */
  ignoreTLS?: boolean;
}

/** The relay answered a command with a 4xx or 5xx code, or the connection failed (no code). */
export interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
}

/**
 * Hands one composed message to the relay over a fresh connection. `beforeEnd` runs once every byte of
 * the message is written and before the end-of-data dot: the relay cannot accept the message before
 * it, so whatever `beforeEnd` records is durable before any acceptance. Resolves with the relay's 250.
 */
export async function sendOverSmtp(
  opts: SmtpOptions,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  beforeEnd: () => Promise<void>,
): Promise<string> {
  const connection = new SMTPConnection({
    host: opts.host,
    port: opts.port,
    secure: opts.secure ?? false,
    ignoreTLS: opts.ignoreTLS ?? false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect(() => resolve());
    });
    let sentBody = false;
    const message = new Readable({
      read() {
        if (!sentBody) {
          sentBody = true;
          this.push(raw);
          return;
        }
        beforeEnd().then(
          () => this.push(null),
          (err: Error) => this.destroy(err),
        );
      },
    });
    const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
      connection.send(envelope, message, (err, result) => (err ? reject(err) : resolve(result))),
    );
    return info.response;
  } finally {
    connection.quit();
    connection.close();
  }
}

/** A refusal the relay will give again: a 5xx answer. */
export const isPermanent = (err: SmtpError) =>
  err.responseCode !== undefined && err.responseCode >= 500 && err.responseCode < 600;
