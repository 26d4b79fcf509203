import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { Recipient } from '../../machines/outgoing-case/context';
import type { SentLedger } from '../../stores/mail-ledger';
import { render } from './templates';

export interface NotificationRequest {
  caseId: string;
  messageKey: string;
  template: string;
  to: Recipient;
  student: { fullName: string; email: string };
  data: Record<string, string>;
}

export interface EmailDeps {
  transport: Transporter;
  from: string;
  /** Mailbox of each office, by role. */
  officeMailboxes: Record<Exclude<Recipient, 'student'>, string>;
  ledger: SentLedger;
}

export function createEmailActivities({ transport, from, officeMailboxes, ledger }: EmailDeps) {
  return {
    /** Sends one notification at most once per (case, message key). */
    async sendNotification(n: NotificationRequest): Promise<{ messageId: string; alreadySent: boolean }> {
      const key = `${n.caseId}/${n.messageKey}`;
      const messageId = `<${n.caseId}.${n.messageKey}@mobility.kbtu.kz>`;
      if (await ledger.has(key)) return { messageId, alreadySent: true };
      const to = n.to === 'student' ? n.student.email : officeMailboxes[n.to];
      if (!to) throw ApplicationFailure.nonRetryable(`no mailbox configured for ${n.to}`, 'InvalidRecipient');
      const { subject, text } = render(n.template, {
        caseId: n.caseId,
        studentName: n.student.fullName,
        data: n.data,
      });
      await transport.sendMail({
        from,
        to,
        subject,
        text,
        messageId,
        headers: { 'X-Mobility-Case': n.caseId },
      });
      await ledger.record(key, messageId);
      return { messageId, alreadySent: false };
    },
  };
}

export type EmailActivities = ReturnType<typeof createEmailActivities>;
