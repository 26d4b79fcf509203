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

/**
 * Every message a case can ask to be sent. The machine names them through this type and the email
 * activity keeps one template per name, so a name without wording fails to compile.
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
]);
export type TemplateName = z.infer<typeof TemplateName>;
