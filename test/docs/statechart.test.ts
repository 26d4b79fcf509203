import fs from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { CASE_EVENT_TYPES } from '../../domain/events';
import { INCOMING_EVENT_TYPES } from '../../domain/incoming';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { generatedFiles, renderStatechart } from '../../scripts/statechart';

const REPO = path.resolve(__dirname, '../..');
const diagram = renderStatechart(outgoingCaseMachine);
const lines = diagram.split('\n');
const declared = lines.flatMap((l) => /^\s*state "[^"]*" as (\S+)/.exec(l)?.[1] ?? []);
const edgeLabels = lines
  .filter((l) => l.includes(' --> ') && !l.includes('[*]'))
  .map((l) => l.split(' : ')[1]);

const descendants = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);

describe('the statechart drawing', () => {
  test.each(generatedFiles().map(([file, content]) => [path.relative(REPO, file), file, content]))(
    '%s matches the machine',
    (name, file, content) => {
      const actual = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      // A plain string comparison keeps the failure to one line instead of a diff of the whole diagram.
      expect(actual === content ? 'up to date' : `${name} is stale: run \`npm run statechart\``).toBe(
        'up to date',
      );
    },
  );

  test('declares every state of the machine once, under its path', () => {
    const ids = descendants(outgoingCaseMachine.root).map((node) => node.path.join('_'));
    expect(ids.filter((id) => !declared.includes(id))).toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  test('labels a transition with every case event', () => {
    const drawn = new Set(edgeLabels.map((label) => label?.split(' ')[0]));
    expect(CASE_EVENT_TYPES.filter((type) => !drawn.has(type))).toEqual([]);
  });

  test('names the roles that may send each event', () => {
    const events = edgeLabels.filter((label) =>
      CASE_EVENT_TYPES.some((type) => label?.startsWith(`${type} `)),
    );
    expect(events.filter((label) => !/^[A-Z_]+ \([a-z_]+(, [a-z_]+)*\)/.test(label ?? ''))).toEqual([]);
  });

  test('draws WITHDRAW, CANCEL and the engine cancellation once, from the open stages that carry them', () => {
    const early = ['WITHDRAW', 'CANCEL', 'ENGINE_CANCELLED'];
    const carriers = descendants(outgoingCaseMachine.root).flatMap((node) =>
      early.flatMap((event) =>
        (node.transitions.get(event) ?? []).map(() => `${node.path.join('.')} ${event}`),
      ),
    );
    // Declared once on `open`; the engine's cancellation also once on credit recalculation, after `open`.
    expect(carriers.sort()).toEqual([
      'creditRecalculation ENGINE_CANCELLED',
      'open CANCEL',
      'open ENGINE_CANCELLED',
      'open WITHDRAW',
    ]);
    const drawn = lines.filter((l) => / : (WITHDRAW|CANCEL|ENGINE_CANCELLED) /.test(l)).map((l) => l.trim());
    expect(drawn.sort()).toEqual([
      'creditRecalculation --> ending : ENGINE_CANCELLED (system)',
      'open --> ending : CANCEL (di_officer)',
      'open --> ending : ENGINE_CANCELLED (system)',
      'open --> ending : WITHDRAW (student)',
    ]);
  });

  test('draws the handlers of every state (the timers) once, on a pseudo-state', () => {
    const root = [...outgoingCaseMachine.root.transitions.keys()].sort();
    expect(root).toEqual(expect.arrayContaining(['DEADLINE_ESCALATION', 'DEADLINE_REMINDER']));
    const drawn = lines.filter((l) => l.startsWith('anyState --> ')).map((l) => l.split(' : ')[1]);
    expect(drawn.sort()).toEqual(root.map((event) => `${event} (system)`));
  });
});

test('the incoming statechart declares every state of its machine and labels every incoming event with its roles', () => {
  const incoming = renderStatechart(incomingCaseMachine).split('\n');
  const states = incoming.flatMap((l) => /^\s*state "[^"]*" as (\S+)/.exec(l)?.[1] ?? []);
  const ids = descendants(incomingCaseMachine.root).map((node) => node.path.join('_'));
  expect(ids.filter((id) => !states.includes(id))).toEqual([]);
  const labels = incoming.filter((l) => l.includes(' --> ')).map((l) => l.split(' : ')[1] ?? '');
  const drawn = new Set(labels.map((label) => label.split(' ')[0]));
  expect(INCOMING_EVENT_TYPES.filter((type) => !drawn.has(type))).toEqual([]);
  const events = labels.filter((label) => INCOMING_EVENT_TYPES.some((type) => label.startsWith(`${type} `)));
  expect(events.filter((label) => !/^[A-Z_]+ \([a-z_]+(, [a-z_]+)*\)/.test(label))).toEqual([]);
});
