import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { CATALOGUE_DIR } from '../../activities/email/templates';
import { IncomingTemplateName } from '../../domain/incoming';
import { Language, TemplateName } from '../../domain/notification';
import type { IncomingStateMeta } from '../../machines/incoming-case/context';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';

type Action = { type?: string; params?: { template?: string } };

/** Every template the incoming machine can ask for: its `notify` actions, escalations and the reminder. */
function machineTemplates(node: AnyStateNode): string[] {
  const actions: Action[] = [
    ...(node.entry as Action[]),
    ...(node.exit as Action[]),
    ...[...node.transitions.values()].flat().flatMap((t) => t.actions as Action[]),
    ...(node.always ?? []).flatMap((t) => t.actions as Action[]),
  ];
  const own = actions.filter((a) => a.type === 'notify').map((a) => a.params?.template ?? '(none)');
  const deadline = (node.meta as IncomingStateMeta | undefined)?.deadline;
  const timers = deadline ? [deadline.escalationTemplate, 'deadlineReminder'] : [];
  // An extension's mail is the workflow's, asked for by the extendDeadlines effect.
  const named = (a: Action | string) => (typeof a === 'string' ? a : a.type);
  if (actions.some((a) => named(a) === 'extendDeadlines')) timers.push('deadlineExtended');
  return [...own, ...timers, ...Object.values(node.states).flatMap(machineTemplates)];
}

test('every message the incoming machine asks for is a template of the catalogue in every language', () => {
  const named = [...new Set(machineTemplates(incomingCaseMachine.root))].sort();
  expect(named).toEqual([...IncomingTemplateName.options].sort());
  for (const name of IncomingTemplateName.options) {
    expect(TemplateName.options).toContain(name);
    for (const lang of Language.options)
      expect(existsSync(join(CATALOGUE_DIR, lang, `${name}.eta`))).toBe(true);
  }
});
