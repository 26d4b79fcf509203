import fs from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { CASE_EVENT_TYPES } from '../../domain/events';
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

  test('draws root-level WITHDRAW and CANCEL once per branch, not from every state', () => {
    const branches = ['WITHDRAW', 'CANCEL'].flatMap(
      (event) => outgoingCaseMachine.root.transitions.get(event) ?? [],
    );
    const drawn = edgeLabels.filter((label) => /^(WITHDRAW|CANCEL) /.test(label ?? ''));
    expect(drawn).toHaveLength(branches.length);
  });
});
