import fs from 'node:fs';
import path from 'node:path';
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { incomingCaseMachine } from '../machines/incoming-case/machine';
import { outgoingCaseMachine } from '../machines/outgoing-case/machine';
import type { StateMeta } from '../machines/outgoing-case/context';

const ROOT = path.resolve(__dirname, '..');
const README_PATH = path.join(ROOT, 'README.md');
/** Each machine drawn: its README markers (`<!-- NAME:start -->`, `<!-- NAME:end -->`) and its .mmd file. */
const CHARTS: { name: string; machine: AnyStateMachine }[] = [
  { name: 'statechart', machine: outgoingCaseMachine },
  { name: 'incoming-statechart', machine: incomingCaseMachine },
];
const INDENT = '    ';
/**
 * Root-level handlers apply in every state; one pseudo-state stands for all of them so the drawing
 * does not grow an edge per state and event.
 */
const ANY_STAGE = 'anyState';

interface Terms {
  roles: string[];
  conds: string[];
}

interface Edge {
  from: string;
  to: string;
  label: string;
  /** The block the edge is written in: Mermaid would re-parent a state first named in a nested block. */
  home: AnyStateNode;
}

type HigherOrderGuard = { guards?: unknown[]; stateValue?: unknown };

/**
 * A guard as the roles its `may` part allows and the named conditions it requires (see setup.ts), and
 * readable names for every other part.
 */
function terms(guard: unknown): Terms {
  if (guard === undefined) return { roles: [], conds: [] };
  if (typeof guard === 'function' && guard.name === 'and') {
    const parts = ((guard as HigherOrderGuard).guards ?? []).map(terms);
    return { roles: parts.flatMap((p) => p.roles), conds: parts.flatMap((p) => p.conds) };
  }
  const { type, params } = guard as { type?: string; params?: { roles?: string[]; conditions?: string[] } };
  if (type === 'may' && params?.roles) return { roles: params.roles, conds: [...(params.conditions ?? [])] };
  return { roles: [], conds: [cond(guard)] };
}

function cond(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    // xstate's higher-order guards are functions named after their combinator.
    const { guards = [], stateValue } = guard as HigherOrderGuard;
    switch (guard.name) {
      case 'not':
        return `not ${cond(guards[0])}`;
      case 'and':
      case 'or':
        return `(${guards.map(cond).join(` ${guard.name} `)})`;
      case 'stateIn':
        return `in ${statePath(stateValue)}`;
      default:
        return guard.name || 'inline guard';
    }
  }
  const { type, params } = guard as { type: string; params?: Record<string, unknown> };
  // The parameters say more than the name: `isTrack` with track 'mshe' reads as "mshe".
  return params ? Object.values(params).join(', ') : type;
}

function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, child]) => `${key}.${statePath(child)}`)
    .join(', ');
}

/** Mermaid ids allow no dashes, colons or spaces; labels allow no quotes, colons or semicolons. */
const idOf = (node: AnyStateNode) => node.path.map((key) => key.replace(/\W/g, '_')).join('_');
const text = (s: string) => s.replace(/[":;\n]/g, ' ');

function labelOf(node: AnyStateNode): string {
  const stage = (node.meta as StateMeta | undefined)?.stage;
  return text(stage ?? node.key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

const descendants = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);

const contains = (outer: AnyStateNode, inner: AnyStateNode) =>
  inner.path.length > outer.path.length && outer.path.every((key, i) => inner.path[i] === key);

/**
 * The innermost compound state around both ends. Never a parallel state: Mermaid would read an edge
 * written after its last `--` as part of the last region.
 */
function homeOf(source: AnyStateNode, target: AnyStateNode, root: AnyStateNode): AnyStateNode {
  for (let node = source.parent; node; node = node.parent) {
    if (node.type === 'compound' && contains(node, target)) return node;
  }
  return root;
}

function trigger(node: AnyStateNode, event: string): string {
  const delayed = node.after.find((t) => t.eventType === event);
  if (delayed)
    return `after ${typeof delayed.delay === 'number' ? `${delayed.delay} ms` : String(delayed.delay)}`;
  return event.startsWith('xstate.done.state.') ? 'onDone' : event;
}

/** Guard conditions every root-level handler shares; they describe the pseudo-state rather than each edge. */
function sharedRootConds(root: AnyStateNode): string[] {
  const all = [...root.transitions.values()].flat().map((t) => terms(t.guard).conds);
  return all[0]?.filter((c) => all.every((conds) => conds.includes(c))) ?? [];
}

function edgesOf(root: AnyStateNode, shared: string[]): Edge[] {
  return [root, ...descendants(root)].flatMap((node) => {
    const groups: [string, AnyTransitionDefinition[]][] = [...node.transitions].map(([event, ts]) => [
      trigger(node, event),
      ts,
    ]);
    if (node.always) groups.push(['always', node.always]);
    return groups.flatMap(([on, branches]) => {
      const parts = branches.map((t) => {
        const { roles, conds } = terms(t.guard);
        return { roles: roles.join(', '), conds: conds.filter((c) => node !== root || !shared.includes(c)) };
      });
      return branches.flatMap((t, i) => {
        const { roles, conds } = parts[i]!;
        // Branches are tried in order: an unconditioned one after a conditioned one is the fallback.
        const isElse = !conds.length && parts.slice(0, i).some((p) => p.roles === roles && p.conds.length);
        const label = [
          on,
          roles && `(${roles})`,
          conds.length ? `[${conds.join(' and ')}]` : isElse && '[else]',
        ]
          .filter(Boolean)
          .join(' ');
        return (t.target?.length ? t.target : [node]).map((target) => ({
          from: node === root ? ANY_STAGE : idOf(node),
          // A root handler without a target leaves the case in whatever state it is in.
          to: target === root ? ANY_STAGE : idOf(target),
          label: text(label),
          home: homeOf(node, target, root),
        }));
      });
    });
  });
}

function contents(node: AnyStateNode, edges: Edge[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const children = Object.values(node.states);
  return [
    ...children.flatMap((child, i) => [
      ...(node.type === 'parallel' && i > 0 ? [`${pad}--`] : []),
      ...declaration(child, edges, depth),
    ]),
    ...(node.type === 'compound' ? [`${pad}[*] --> ${idOf(node.initial.target[0]!)}`] : []),
    ...edges.filter((e) => e.home === node).map((e) => `${pad}${e.from} --> ${e.to} : ${e.label}`),
    ...children.filter((c) => c.type === 'final').map((c) => `${pad}${idOf(c)} --> [*]`),
  ];
}

function declaration(node: AnyStateNode, edges: Edge[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const head = `${pad}state "${labelOf(node)}" as ${idOf(node)}`;
  if (!Object.keys(node.states).length) return [head];
  return [`${head} {`, ...contents(node, edges, depth + 1), `${pad}}`];
}

/** The machine as a Mermaid `stateDiagram-v2`, ending in a newline. */
export function renderStatechart(machine: AnyStateMachine): string {
  const root = machine.root;
  const ids = [ANY_STAGE, ...descendants(root).map(idOf)];
  const clash = ids.find((id, i) => ids.indexOf(id) !== i);
  if (clash) throw new Error(`two states would share the Mermaid id ${clash}`);

  const shared = sharedRootConds(root);
  const edges = edgesOf(root, shared);
  const anyStage = root.transitions.size
    ? [
        `state "any state" as ${ANY_STAGE}`,
        ...(shared.length
          ? [
              `note right of ${ANY_STAGE}`,
              ...shared.map((c, i) => `${INDENT}${i ? 'and' : 'only while'} ${c}`),
              'end note',
            ]
          : []),
        'classDef pseudo stroke-dasharray: 5 5',
        `class ${ANY_STAGE} pseudo`,
      ]
    : [];
  return [
    'stateDiagram-v2',
    '%% Generated from the machine by `npm run statechart`; edits here are overwritten.',
    ...anyStage,
    ...contents(root, edges, 0),
    '',
  ].join('\n');
}

function spliceReadme(readme: string, name: string, diagram: string): string {
  const [START, END] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`README.md needs the markers ${START} and ${END}`);
  return `${readme.slice(0, start + START.length)}\n\n\`\`\`mermaid\n${diagram}\`\`\`\n\n${readme.slice(end)}`;
}

const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** Each generated file with the content it should have; the README keeps everything outside its markers. */
export function generatedFiles(): [file: string, content: string][] {
  let readme = readIfExists(README_PATH);
  const mmd: [string, string][] = CHARTS.map(({ name, machine }) => {
    const diagram = renderStatechart(machine);
    readme = spliceReadme(readme, name, diagram);
    return [path.join(ROOT, 'docs', `${name}.mmd`), diagram];
  });
  return [[README_PATH, readme], ...mmd];
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  for (const [file, content] of generatedFiles()) {
    const name = path.relative(ROOT, file);
    if (readIfExists(file) === content) {
      console.log(`${name} is up to date`);
    } else if (check) {
      console.error(`${name} is stale: run \`npm run statechart\``);
      process.exitCode = 1;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      console.log(`wrote ${name}`);
    }
  }
}
