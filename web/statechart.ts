import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { escapeHtml } from './html';

/** A state of the machine as the case page draws it: a box holding its children. */
export interface StateBox {
  path: string;
  label: string;
  kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  children: StateBox[];
}

function boxOf(node: AnyStateNode): StateBox {
  const stage = (node.meta as { stage?: string } | undefined)?.stage;
  return {
    path: node.path.join('.'),
    label: stage ?? node.key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
    kind: node.type,
    children: Object.values(node.states).map(boxOf),
  };
}

/** The machine's states as nested boxes, read from the machine itself (never a hand-made copy). */
export function stateBoxes(machine: AnyStateMachine): StateBox[] {
  return Object.values(machine.root.states).map(boxOf);
}

/**
 * Whether `box` is one of the case's current states. The case lists its leaf states as dotted paths;
 * a box is lit when it is one of them or holds one.
 */
function lit(box: StateBox, states: readonly string[]): boolean {
  return states.some((s) => s === box.path || s.startsWith(`${box.path}.`));
}

/**
 * The statechart as nested boxes, the case's current states lit. Regions of a parallel state sit side by
 * side; a state the case is not in is drawn dim, and the boxes of other stages are folded to their name.
 */
export function renderStatechart(boxes: StateBox[], states: readonly string[]): string {
  const draw = (box: StateBox): string => {
    const on = lit(box, states);
    const classes = ['state', `state-${box.kind}`, on ? 'state-active' : 'state-inactive'].join(' ');
    // Only the stage the case is in unfolds: the rest of the machine stays readable at a glance.
    const inner =
      box.children.length && (on || box.path.split('.').length === 1)
        ? `<div class="state-children">${box.children.map(draw).join('')}</div>`
        : '';
    return `<div class="${classes}" data-state="${escapeHtml(box.path)}"${on ? ' aria-current="true"' : ''}><span class="state-label">${escapeHtml(box.label)}</span>${inner}</div>`;
  };
  return `<div class="statechart">${boxes.map(draw).join('')}</div>`;
}

/** Every stage a case of `machine` can be in, for a list's filter: its stages, `open` looked through. */
export function stagesOf(machine: AnyStateMachine): string[] {
  return stateBoxes(machine).flatMap((b) =>
    b.path === 'open' ? b.children.map((c) => c.path.split('.').pop()!) : [b.path],
  );
}
