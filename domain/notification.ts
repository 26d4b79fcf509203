import { z } from 'zod';

/** Who a notification is for: the case's student, or an office by its role. */
export const Recipient = z.enum([
  'student',
  'di_officer',
  'dean_office',
  'registrar',
  'snss',
  'vice_rector',
  'finance',
]);
export type Recipient = z.infer<typeof Recipient>;

/** The offices among the recipients: each has a mailbox (deans' offices one per school) and a head. */
export const Office = Recipient.exclude(['student']);
export type Office = z.infer<typeof Office>;

/** The languages the message catalogue is written in; a recipient without a preference reads English. */
export const Language = z.enum(['en', 'ru']);
export type Language = z.infer<typeof Language>;

/**
 * Every message a case can ask to be sent. The machine and the workflow name them through this type;
 * the catalogue (templates/email/<language>/<name>.eta) holds one file per name and language, and a
 * test fails when a name has no file or a file no name.
 */
export const TemplateName = z.enum([
  'eligibilityAssessed',
  'applicationRejected',
  'selectedPrepareDeparture',
  'fundsToReconcile',
  'invitationLetterOverdue',
  'returnDocumentsOverdue',
  'deadlineReminder',
  'creditsRecalculated',
  'caseCancelledOutsideApi',
  'taskAssigned',
  'deadlineEscalated',
  'deliveryFailed',
  'incomingNominated',
  'incomingDisciplinesList',
  'incomingInvitationLetter',
  'incomingMigrationInvitation',
  'incomingInvitationOverdue',
  'incomingTranscript',
  'incomingClosedEarly',
  'callResult',
  'refundDue',
  'deadlineExtended',
  // Version 5: the student hears of each step of the application, not only of its verdicts.
  'applicationReceived',
  'documentRefused',
  'auditionRegistered',
  'auditionPassed',
  'nominatedToPartner',
  'returnPapersDue',
  'caseClosed',
  // Version 6: a refund of unspent allowances has a deadline, reminded and escalated to finance.
  'refundOverdue',
]);
export type TemplateName = z.infer<typeof TemplateName>;

/** Whom a message goes to: a recipient, or the head of an office (the last step of an escalation chain). */
export type Addressee = Recipient | `head:${Office}`;
