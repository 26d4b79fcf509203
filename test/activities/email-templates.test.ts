import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import {
  Catalogue,
  CATALOGUE_DIR,
  catalogueProblems,
  type RenderInput,
} from '../../activities/email/templates';
import { Language, TemplateName } from '../../domain/notification';
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

const named = [...new Set(machineTemplates(outgoingCaseMachine.root))].sort();
const samples = JSON.parse(readFileSync(join(CATALOGUE_DIR, 'samples.json'), 'utf8')) as Record<
  string,
  { data: Record<string, string>; due?: boolean; previousDue?: boolean }
>;
const catalogue = new Catalogue();

test('every template the machine names has a file in every language of the catalogue', () => {
  expect(named.length).toBeGreaterThan(5);
  const missing = named.flatMap((name) =>
    Language.options
      .filter((lang) => !existsSync(join(CATALOGUE_DIR, lang, `${name}.eta`)))
      .map((l) => `${l}/${name}`),
  );
  expect(missing).toEqual([]);
  for (const name of named) expect(TemplateName.options).toContain(name);
  expect(catalogueProblems(CATALOGUE_DIR)).toEqual([]);
});

test('a catalogue missing a named template, or holding an unnamed one, is refused naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'catalogue-'));
  try {
    await cp(CATALOGUE_DIR, dir, { recursive: true });
    await rm(join(dir, 'ru', `${named[0]}.eta`));
    await writeFile(join(dir, 'en', 'noSuchMessage.eta'), 'Subject\nBody\n');
    expect(catalogueProblems(dir)).toEqual([
      'en/noSuchMessage.eta is not a TemplateName (domain/notification.ts)',
      `ru/${named[0]}.eta is missing (TemplateName names it)`,
    ]);
    expect(() => new Catalogue(dir)).toThrow(`ru/${named[0]}.eta is missing`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const input = (name: string): RenderInput => ({
  caseId: 'outgoing-erasmus-tum-2027-23b030112',
  caseUrl: 'http://console.kbtu.test/cases/outgoing-erasmus-tum-2027-23b030112',
  studentName: 'Aruzhan <Seitkali>',
  data: samples[name]!.data,
  ...(samples[name]!.due
    ? { due: { iso: '2027-01-15T18:59:00.000Z', local: '15 January 2027, 23:59' } }
    : {}),
  ...(samples[name]!.previousDue
    ? { previousDue: { iso: '2027-01-08T18:59:00.000Z', local: '8 January 2027, 23:59' } }
    : {}),
});

const everyMessage = TemplateName.options.flatMap((name) =>
  Language.options.map((lang) => [name, lang] as const),
);

test.each(everyMessage)('%s renders in %s with its sample data, as text and HTML', (name, lang) => {
  expect(samples[name]).toBeDefined();
  const mail = catalogue.render(name, lang, input(name));
  expect(mail.subject.length).toBeGreaterThan(5);
  expect(mail.subject).not.toContain('\n');
  expect(mail.text).toContain('outgoing-erasmus-tum-2027-23b030112');
  // A line that ends in a value keeps its line break: the case and the signature are lines of their own.
  expect(mail.text).toMatch(/\n(Case|Кейс) outgoing-erasmus-tum-2027-23b030112\n[^\n]+\n$/);
  expect(`${mail.subject}\n${mail.text}`).not.toMatch(/undefined|null|<%|%>/);
  for (const value of Object.values(samples[name]!.data))
    expect(`${mail.subject}\n${mail.text}`).toContain(value);
  if (samples[name]!.due) expect(mail.text).toContain('15 January 2027, 23:59');
  if (samples[name]!.previousDue) expect(mail.text).toContain('8 January 2027, 23:59');
  // The HTML part escapes what it was given and keeps the text's paragraphs and links.
  expect(mail.html).toContain(`<html lang="${lang}">`);
  expect(mail.html).not.toContain('<Seitkali>');
  if (mail.text.includes('http://console.kbtu.test/cases/'))
    expect(mail.html).toContain(
      '<a href="http://console.kbtu.test/cases/outgoing-erasmus-tum-2027-23b030112">',
    );
  expect(/[а-яё]/i.test(mail.text)).toBe(lang === 'ru');
});

test('an unknown template is a non-retryable failure naming it', () => {
  for (const name of ['noSuchTemplate', 'toString'])
    expect(() => catalogue.render(name, 'en', input('applicationRejected'))).toThrow(
      `no email template named ${name}`,
    );
});
