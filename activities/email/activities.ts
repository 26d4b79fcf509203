import { ApplicationFailure } from '@temporalio/activity';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Addressee, Language } from '../../domain/notification';
import type { LanguagePreferences } from '../../stores/outbox-languages';
import type { OutboxRecord, OutboxStore } from '../../stores/outbox';
import { deadlineCalendarEvent } from './calendar-event';
import { addressOf, type MailDirectory } from './directory';
import { isPermanent, sendOverSmtp, type SmtpError, type SmtpOptions } from './smtp';
import { Catalogue, type RenderInput } from './templates';

export interface NotificationRequest {
  caseId: string;
  messageKey: string;
  template: string;
  /** `partner`: the case's partner university, at `partnerContact` (incoming cases). */
  to: Addressee | 'partner';
  student: { fullName: string; email: string; school?: string };
  partnerContact?: string;
  /**
   * The message's own fields; `dueAt` (ISO) makes it a deadline message, with a calendar event;
   * `previousDueAt` (ISO) is an extended deadline's date before the extension.
   */
  data: Record<string, string>;
  /** The case's time zone, for dates in the text and the calendar event (default Asia/Almaty). */
  timeZone?: string;
}

export interface NotificationResult {
  messageId: string;
  /** A previous attempt had handed the message to the relay: nothing was sent again. */
  alreadySent: boolean;
  address: string;
  language: Language;
}

export interface EmailDeps {
  smtp: SmtpOptions;
  from: string;
  directory: MailDirectory;
  outbox: OutboxStore;
  languages: LanguagePreferences;
  /** The staff console, for links to a case (CONSOLE_URL). */
  consoleUrl: string;
  catalogue?: Catalogue;
}

const dueLocal = (iso: string, timeZone: string, language: Language) =>
  new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso)) + (language === 'ru' ? ' (время Алматы)' : ' (Almaty time)');

export function createEmailActivities(deps: EmailDeps) {
  const catalogue = deps.catalogue ?? new Catalogue();
  const { outbox } = deps;
  return {
    /**
     * Delivers one message of a case, keyed by (case, message key), with the same Message-ID on every
     * attempt. The outbox record is written before the relay is contacted and marked `handed` before the
     * end-of-data dot, so an attempt after a crash knows whether the relay may already hold the message:
     * it then sends nothing. A 5xx is final (PermanentSmtpFailure); anything else is retried.
     */
    async sendNotification(n: NotificationRequest): Promise<NotificationResult> {
      const key = `${n.caseId}/${n.messageKey}`;
      // A head of office is keyed `head:<office>`; a colon may not stand in a Message-ID's left part (RFC 5322).
      const messageId = `<${n.caseId}.${n.messageKey.replace(/:/g, '.')}@mobility.kbtu.kz>`;
      const before = await outbox.get(key);
      if (before?.state === 'failed') {
        throw ApplicationFailure.nonRetryable(before.error ?? 'refused', 'PermanentSmtpFailure');
      }
      if (before && (before.state === 'sent' || before.state === 'handed')) {
        // `handed`: the worker died between handing the message over and hearing the relay's answer.
        if (before.state === 'handed')
          await outbox.put(stamp({ ...before, state: 'sent', unconfirmed: true }));
        return { messageId, alreadySent: true, address: before.address, language: before.language };
      }
      const address = n.to === 'partner' ? n.partnerContact : addressOf(n.to, n.student, deps.directory);
      if (!address)
        throw ApplicationFailure.nonRetryable(`no mailbox configured for ${n.to}`, 'InvalidRecipient');
      const language = await deps.languages.languageOf(address);
      const timeZone = n.timeZone ?? 'Asia/Almaty';
      const caseUrl = `${deps.consoleUrl.replace(/\/$/, '')}/cases/${encodeURIComponent(n.caseId)}`;
      const input: RenderInput = {
        caseId: n.caseId,
        caseUrl,
        studentName: n.student.fullName,
        data: n.data,
        ...(n.data.dueAt
          ? { due: { iso: n.data.dueAt, local: dueLocal(n.data.dueAt, timeZone, language) } }
          : {}),
        ...(n.data.previousDueAt
          ? {
              previousDue: {
                iso: n.data.previousDueAt,
                local: dueLocal(n.data.previousDueAt, timeZone, language),
              },
            }
          : {}),
      };
      const mail = catalogue.render(n.template, language, input);
      const ics = n.data.dueAt
        ? deadlineCalendarEvent({
            uid: `${n.caseId}.${n.data.deadline ?? n.data.what ?? 'deadline'}@mobility.kbtu.kz`,
            title: mail.subject,
            description: `${n.data.what ?? ''} (${n.caseId})`,
            url: caseUrl,
            dueAt: Date.parse(n.data.dueAt),
            timeZone,
          })
        : undefined;
      const raw = await new MailComposer({
        from: deps.from,
        to: address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        headers: { 'X-Mobility-Case': n.caseId, 'X-Mobility-Template': n.template },
        ...(ics ? { icalEvent: { method: 'PUBLISH', filename: 'deadline.ics', content: ics } } : {}),
      })
        .compile()
        .build();

      let record: OutboxRecord = stamp({
        key,
        caseId: n.caseId,
        messageId,
        template: n.template,
        to: n.to,
        address,
        subject: mail.subject,
        language,
        state: 'prepared',
        attempts: before?.attempts ?? 0,
        error: null,
        unconfirmed: false,
      });
      await outbox.put(record);
      let handed = false;
      try {
        await sendOverSmtp(deps.smtp, { from: envelopeAddress(deps.from), to: [address] }, raw, async () => {
          record = stamp({ ...record, state: 'handed', attempts: record.attempts + 1 });
          await outbox.put(record);
          handed = true;
        });
      } catch (e) {
        const err = e as SmtpError;
        const reason = `${address}: ${err.response ?? err.message}`;
        if (isPermanent(err)) {
          await outbox.put(stamp({ ...record, state: 'failed', error: reason }));
          throw ApplicationFailure.nonRetryable(`the relay refused ${reason}`, 'PermanentSmtpFailure');
        }
        if (handed && err.responseCode === undefined) {
          // The connection ended after the whole message went out: the relay may hold it. Not resent.
          await outbox.put(stamp({ ...record, state: 'sent', unconfirmed: true, error: reason }));
          return { messageId, alreadySent: false, address, language };
        }
        // The relay answered 4xx, or never got the whole message: it holds nothing, the next attempt sends.
        await outbox.put(stamp({ ...record, state: 'prepared', error: reason }));
        throw ApplicationFailure.retryable(`delivery to ${reason} failed for now`, 'TransientSmtpFailure');
      }
      await outbox.put(stamp({ ...record, state: 'sent' }));
      return { messageId, alreadySent: false, address, language };
    },
  };
}

const stamp = (r: Omit<OutboxRecord, 'updatedAt'>): OutboxRecord => ({
  ...r,
  updatedAt: new Date().toISOString(),
});

/** `KBTU Mobility <mobility@kbtu.kz>` as the bare address the envelope needs. */
const envelopeAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

export type EmailActivities = ReturnType<typeof createEmailActivities>;
