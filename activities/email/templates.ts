import { ApplicationFailure } from '@temporalio/activity';
import type { TemplateName } from '../../domain/notification';

export interface RenderInput {
  caseId: string;
  studentName: string;
  data: Record<string, string>;
}

type Template = (i: RenderInput) => { subject: string; text: string };

const footer = (i: RenderInput) => `\n\nCase ${i.caseId}\nKBTU Department of Internationalization`;

/**
 * Wording of every notification the case sends, keyed by the template the machine names: a template name
 * without wording here fails to compile.
 */
const TEMPLATES: Record<TemplateName, Template> = {
  selectedPrepareDeparture: (i) => ({
    subject: 'Academic mobility: you are placed, prepare your departure',
    text: `Dear ${i.studentName},\n\nYou have been placed at ${i.data.partner}. Please bring your leave application, individual curriculum and learning agreement to DI, and apply for your visa.${footer(i)}`,
  }),
  eligibilityAssessed: (i) => ({
    subject: 'Academic mobility: your eligibility was assessed',
    text: `Dear ${i.studentName},\n\nYour application was checked against the rules of the call: ${i.data.eligibility}.\n\nThe case shows every rule with the value it saw; DI reviews it together with your documents.${footer(i)}`,
  }),
  applicationRejected: (i) => ({
    subject: 'Academic mobility: your application was not successful',
    text: `Dear ${i.studentName},\n\nYour application was closed: ${i.data.reason}.${footer(i)}`,
  }),
  creditsRecalculated: (i) => ({
    subject: 'Academic mobility: your credits were recalculated',
    text: `Dear ${i.studentName},\n\nThe dean's office has recalculated your credits; your mobility case is closed.${footer(i)}`,
  }),
  fundsToReconcile: (i) => ({
    subject: `Academic mobility: reconcile disbursed funds for ${i.studentName}`,
    text: `The case was ${i.data.reason ? `closed (${i.data.reason})` : 'closed'} after the grant was disbursed. Please reconcile the funds.${footer(i)}`,
  }),
  invitationLetterOverdue: (i) => ({
    subject: `Overdue: invitation letter for ${i.studentName}`,
    text: `The invitation letter from ${i.data.partner} is overdue. Please chase the partner.${footer(i)}`,
  }),
  returnDocumentsOverdue: (i) => ({
    subject: `Overdue: return documents of ${i.studentName}`,
    text: `The return documents are overdue (stage: ${i.data.stage}).${footer(i)}`,
  }),
  caseCancelledOutsideApi: (i) => ({
    subject: `Case cancelled outside the mobility system: ${i.studentName}`,
    text: `The case of ${i.studentName} was cancelled through the Temporal engine (its UI or CLI), not through the mobility API: ${i.data.reason || 'no reason given'}.\n\nThe case now stands at: ${i.data.stage || 'Cancelled'}. If this was not intended, a new case can be opened for the student on the same call.${footer(i)}`,
  }),
  deadlineReminder: (i) => ({
    subject: `Reminder: ${i.data.what} due in ${i.data.daysBefore} day(s)`,
    text: `This is a reminder that ${i.data.what} is due on ${i.data.dueAt} (case of ${i.studentName}).${footer(i)}`,
  }),
};

export function render(template: string, input: RenderInput): { subject: string; text: string } {
  const t = Object.hasOwn(TEMPLATES, template) ? TEMPLATES[template as TemplateName] : undefined;
  if (!t) throw ApplicationFailure.nonRetryable(`no email template named ${template}`, 'UnknownTemplate');
  return t(input);
}
