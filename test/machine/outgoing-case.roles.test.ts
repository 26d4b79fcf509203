import { transition, type AnyStateNode } from 'xstate';
import { CASE_EVENT_TYPES, CaseEvent, type CaseEventType } from '../../domain/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { happyPath } from '../helpers/paths';
import {
  ALLOWED_ROLES,
  ALL_EVENTS,
  COMBOS,
  HAPPY_COMBOS,
  ROLES,
  actorOf,
  ev,
  keyOf,
  reachableSnapshots,
  run,
  start,
  step,
} from './support';

/** For every happy-path event of every track: the state it is sent in, and each staff role. */
const roleCases = HAPPY_COMBOS.flatMap((combo) => {
  const path = happyPath(...combo);
  return path.flatMap((event, i) =>
    ROLES.map((role) => ({
      name: `${combo.join('/')} #${i} ${event.type} by ${role}`,
      combo,
      before: path.slice(0, i),
      event: { ...event, actor: actorOf(role) },
      allowed: ALLOWED_ROLES[event.type].includes(role),
    })),
  );
});

describe('roles on the happy path', () => {
  test.each(roleCases)('$name', ({ combo, before, event, allowed }) => {
    const snap = run(start(combo), before);
    const [next] = step(snap, event);
    expect(snap.can(CaseEvent.parse(event))).toBe(allowed);
    if (allowed) {
      expect(keyOf(next)).not.toEqual(keyOf(snap));
    } else {
      expect(next.value).toEqual(snap.value);
      expect(next.context).toEqual(snap.context);
    }
  });
});

/** The guards of a transition, flattening `and`/`not` combinators (which keep their parts in `.guards`). */
type Guard = AnyStateNode['always'] extends (infer T)[] | undefined
  ? T extends { guard?: infer G }
    ? G
    : never
  : never;
function guardTypes(guard: Guard | undefined): string[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function') {
    const parts = (guard as { guards?: Guard[] }).guards;
    return parts ? parts.flatMap((g) => guardTypes(g)) : [guard.name];
  }
  return [(guard as { type: string }).type];
}
function guardRoles(guard: Guard | undefined): string[][] {
  if (guard === undefined || typeof guard === 'string') return [];
  if (typeof guard === 'function') return ((guard as { guards?: Guard[] }).guards ?? []).flatMap(guardRoles);
  const g = guard as { type: string; params?: { roles?: string[] } };
  return g.type === 'actorHasRole' && g.params?.roles ? [g.params.roles] : [];
}
function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states as Record<string, AnyStateNode>).flatMap(allStateNodes)];
}

describe('the machine definition', () => {
  const staffTransitions = allStateNodes(outgoingCaseMachine.root).flatMap((node) =>
    [...node.transitions.entries()]
      .filter(([type]) => (CASE_EVENT_TYPES as string[]).includes(type))
      .flatMap(([type, list]) =>
        list.map((t, i) => ({ name: `${node.id} ${type}[${i}]`, type, guard: t.guard })),
      ),
  );

  test('has staff transitions for every event type', () => {
    expect(new Set(staffTransitions.map((t) => t.type))).toEqual(new Set(CASE_EVENT_TYPES));
  });

  test.each(staffTransitions)('$name carries actorHasRole with the roles of the spec', ({ type, guard }) => {
    expect(guardTypes(guard)).toContain('actorHasRole');
    expect(guardRoles(guard)).toEqual([[...ALLOWED_ROLES[type as CaseEventType]]]);
  });
});

describe.each(COMBOS)('every reachable state of %s / %s', (...combo) => {
  const snapshots = reachableSnapshots(combo);

  test('the exploration found the case’s states', () => {
    expect(snapshots.length).toBeGreaterThan(20);
  });

  test('no role outside the spec is ever accepted', () => {
    const accepted = snapshots.flatMap((snap) => ALL_EVENTS.filter((event) => snap.can(event)));
    expect(accepted.length).toBeGreaterThan(snapshots.length);
    const outsiders = accepted.filter((event) => !ALLOWED_ROLES[event.type].includes(event.actor.role));
    expect(outsiders.map((e) => `${e.type} by ${e.actor.role}`)).toEqual([]);
  });

  test('a finished case accepts no event from anyone', () => {
    const finished = snapshots.filter((snap) => snap.status === 'done');
    expect(new Set(finished.map((snap) => snap.value))).toEqual(
      new Set(['closed', 'withdrawn', 'cancelled', 'rejected']),
    );
    const accepted = finished.flatMap((snap) => ALL_EVENTS.filter((event) => snap.can(event)));
    expect(accepted.map((e) => `${e.type} by ${e.actor.role}`)).toEqual([]);
  });

  test('no guard or action throws for any event from any role, full or bare', () => {
    const bare = CASE_EVENT_TYPES.flatMap((type) =>
      ROLES.map((role) => ({ type, actor: actorOf(role) }) as CaseEvent),
    );
    const timers = [
      { type: 'xstate.after.invitationEscalation.outgoingCase.placement.awaitingInvitation' },
      { type: 'xstate.after.returnEscalation.outgoingCase.return' },
    ] as unknown as CaseEvent[];
    const failures: string[] = [];
    let sent = 0;
    let taken = 0;
    for (const snap of snapshots) {
      for (const event of [...ALL_EVENTS, ...bare, ...timers]) {
        try {
          // `can` evaluates every guard the event meets; a refused event's `transition` evaluates the
          // same guards and nothing else, so actions need running only where the event is accepted.
          if (!snap.can(event)) continue;
          const [next] = transition(outgoingCaseMachine, snap, event);
          if (next.status === 'error') failures.push(`${event.type} in ${keyOf(snap)}: error status`);
          taken += 1;
        } catch (e) {
          failures.push(`${event.type} by ${event.actor?.role} in ${keyOf(snap)}: ${String(e)}`);
        } finally {
          sent += 1;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBe(snapshots.length * (ALL_EVENTS.length * 2 + 2));
    expect(taken).toBeGreaterThan(snapshots.length);
  });
});

test('ev() builds schema-valid events for every type and role', () => {
  for (const type of CASE_EVENT_TYPES) for (const role of ROLES) expect(ev(type, role).actor.role).toBe(role);
});
