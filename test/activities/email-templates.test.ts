import type { AnyStateNode } from 'xstate';
import { render } from '../../activities/email/templates';
import { TemplateName } from '../../domain/notification';
import type { StateMeta } from '../../machines/outgoing-case/context';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';

type Action = { type?: string; params?: { template?: string } };

/**
 * Every template the machine can ask for: its `notify` actions anywhere (entries, exits, transitions,
 * eventless and delayed transitions), the escalation each declared deadline names, and the reminder
 * (effects.ts turns a deadline's reminder into `deadlineReminder`).
 */
function machineTemplates(node: AnyStateNode): string[] {
  const actions: Action[] = [
    ...(node.entry as Action[]),
    ...(node.exit as Action[]),
    ...[...node.transitions.values()].flat().flatMap((t) => t.actions as Action[]),
    ...(node.always ?? []).flatMap((t) => t.actions as Action[]),
    ...node.after.flatMap((t) => t.actions as Action[]),
  ];
  const own = actions.filter((a) => a.type === 'notify').map((a) => a.params?.template ?? '(none)');
  const deadline = (node.meta as StateMeta | undefined)?.deadline;
  const timers = deadline ? [deadline.escalation.template, 'deadlineReminder'] : [];
  return [...own, ...timers, ...Object.values(node.states).flatMap(machineTemplates)];
}

const templates = [...new Set(machineTemplates(outgoingCaseMachine.root))].sort();

test('the machine names every notification there is, and no other', () => {
  expect(templates).toEqual([...TemplateName.options].sort());
  expect(templates).toEqual(
    expect.arrayContaining([
      'applicationRejected',
      'caseCancelledOutsideApi',
      'fundsToReconcile',
      'invitationLetterOverdue',
      'returnDocumentsOverdue',
    ]),
  );
});

test.each(TemplateName.options)('the notification %s has a template that renders', (template) => {
  const mail = render(template, {
    caseId: 'outgoing-x-1',
    studentName: 'Aruzhan S',
    data: {
      partner: 'TUM',
      reason: 'r',
      stage: 'Placement',
      eligibility: 'eligible',
      what: 'the return documents',
      dueAt: '2027-01-05T10:00:00.000Z',
      daysBefore: '3',
    },
  });
  expect(mail.subject.length).toBeGreaterThan(5);
  expect(mail.text).toContain('outgoing-x-1');
  expect(`${mail.subject} ${mail.text}`).not.toMatch(/undefined/);
});

test('an engine cancellation tells DI it happened outside the API, why, and where the case stands', () => {
  const mail = render('caseCancelledOutsideApi', {
    caseId: 'outgoing-x-1',
    studentName: 'Aruzhan S',
    data: { reason: 'cancellation requested of the Temporal engine', stage: 'Funds reconciliation' },
  });
  expect(mail.subject).toContain('Aruzhan S');
  expect(mail.text).toContain('cancellation requested of the Temporal engine');
  expect(mail.text).toContain('Funds reconciliation');
});

test('an unknown template is a non-retryable failure naming it', () => {
  expect(() => render('noSuchTemplate', { caseId: 'c', studentName: 's', data: {} })).toThrow(
    'no email template named noSuchTemplate',
  );
  expect(() => render('toString', { caseId: 'c', studentName: 's', data: {} })).toThrow(
    'no email template named toString',
  );
});
