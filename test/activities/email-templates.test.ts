import type { AnyStateNode } from 'xstate';
import { render } from '../../activities/email/templates';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';

type Action = { type?: string; params?: { template?: string } };

/** Every `notify` action anywhere in the machine: entries, exits, transitions and delayed transitions. */
function notifyTemplates(node: AnyStateNode): string[] {
  const actions: Action[] = [
    ...(node.entry as Action[]),
    ...(node.exit as Action[]),
    ...[...node.transitions.values()].flat().flatMap((t) => t.actions as Action[]),
    ...node.after.flatMap((t) => t.actions as Action[]),
  ];
  const own = actions.filter((a) => a.type === 'notify').map((a) => a.params?.template ?? '(none)');
  return [...own, ...Object.values(node.states).flatMap(notifyTemplates)];
}

const templates = [...new Set(notifyTemplates(outgoingCaseMachine.root))].sort();

test('the machine names the notifications it sends', () => {
  expect(templates).toEqual(
    expect.arrayContaining([
      'applicationRejected',
      'fundsToReconcile',
      'invitationLetterOverdue',
      'returnDocumentsOverdue',
    ]),
  );
});

test.each(templates)('the machine’s notification %s has a template that renders', (template) => {
  const mail = render(template, {
    caseId: 'outgoing-x-1',
    studentName: 'Aruzhan S',
    data: { partner: 'TUM', reason: 'r' },
  });
  expect(mail.subject.length).toBeGreaterThan(5);
  expect(mail.text).toContain('outgoing-x-1');
});

test('an unknown template is a non-retryable failure naming it', () => {
  expect(() => render('noSuchTemplate', { caseId: 'c', studentName: 's', data: {} })).toThrow(
    'no email template named noSuchTemplate',
  );
});
