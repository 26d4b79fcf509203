import { transition, type AnyStateNode } from 'xstate';
import type { Role } from '../../domain/actor';
import { CASE_EVENT_TYPES } from '../../domain/events';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { ALL_EVENTS, keyOf, reachableSnapshots, systemEvents } from './explore';
import { PROFILES, happyPath } from './paths';
import {
  ALLOWED_ROLES,
  COMBOS,
  EARLIER_VERSION_ROLES,
  HAPPY_COMBOS,
  ROLES,
  SYSTEM_EVENT_TYPES,
  actorOf,
  ev,
  run,
  sentBy,
  start,
  step,
  stateOf,
} from './support';

type EventType = MachineEvent['type'];
/** Everyone who can send an event: the staff roles and the system. */
const SENDERS: readonly Role[] = [...ROLES, 'system'];
const isSystemType = (type: string) => (SYSTEM_EVENT_TYPES as readonly string[]).includes(type);
/** The spec for every event the machine receives: the staff table, and the system for its own reports. */
const allowedFor = (type: EventType): readonly Role[] =>
  isSystemType(type)
    ? ['system']
    : type === 'PARTNER_DOCUMENT_RECEIVED'
      ? ['partner']
      : ALLOWED_ROLES[type as keyof typeof ALLOWED_ROLES];
const who = (e: MachineEvent) => `${e.type} by ${e.actor.role}`;

/**
 * Who may send a happy-path event where the path sends it: an upload by the kind of paper, a signature
 * by the parties that have not signed yet (the path signs as student, dean's office, partner).
 */
function allowedOnPath(event: MachineEvent, before: readonly MachineEvent[]): readonly Role[] {
  if (event.type === 'ATTACH_DOCUMENT') {
    const kind = event.document.kind;
    if (kind === 'learning_agreement') return ['student', 'di_officer', 'partner'];
    if (kind === 'financial_report' || kind.startsWith('receipt_')) return ['student', 'finance'];
    return ['student', 'di_officer'];
  }
  if (event.type === 'SIGN_LEARNING_AGREEMENT') {
    const signed: Role[] = before
      .filter((e) => e.type === 'SIGN_LEARNING_AGREEMENT')
      .map((e) => e.actor.role);
    return allowedFor(event.type).filter((r) => !signed.includes(r));
  }
  return allowedFor(event.type);
}

/** For every happy-path event of every track: the state it is sent in, and each sender. */
const roleCases = HAPPY_COMBOS.flatMap((combo) => {
  const path = happyPath(...combo);
  return path.flatMap((event, i) =>
    SENDERS.map((role) => ({
      name: `${combo.join('/')} #${i} ${event.type} by ${role}`,
      combo,
      before: path.slice(0, i),
      event: sentBy(event, role),
      allowed: allowedOnPath(event, path.slice(0, i)).includes(role),
    })),
  );
});

describe('roles on the happy path', () => {
  test.each(roleCases)('$name', ({ combo, before, event, allowed }) => {
    const snap = run(start(combo), before);
    const [next] = step(snap, event);
    expect(snap.can(event)).toBe(allowed);
    if (allowed) {
      expect(keyOf(next)).not.toEqual(keyOf(snap));
    } else {
      expect(stateOf(next)).toEqual(stateOf(snap));
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
  return g.type === 'may' && g.params?.roles ? [g.params.roles] : [];
}
function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states as Record<string, AnyStateNode>).flatMap(allStateNodes)];
}

describe('the machine definition', () => {
  // A partner's document arrives as a signal from that partner, not as a staff update.
  const TYPES: string[] = [...CASE_EVENT_TYPES, ...SYSTEM_EVENT_TYPES, 'PARTNER_DOCUMENT_RECEIVED'];
  const eventTransitions = allStateNodes(outgoingCaseMachine.root).flatMap((node) =>
    [...node.transitions.entries()]
      .filter(([type]) => TYPES.includes(type))
      .flatMap(([type, list]) =>
        list.map((t, i) => ({ name: `${node.id} ${type}[${i}]`, type: type as EventType, guard: t.guard })),
      ),
  );

  test('has transitions for every staff and system event type, and for no other event', () => {
    expect(new Set(eventTransitions.map((t) => t.type))).toEqual(new Set(TYPES));
    const others = allStateNodes(outgoingCaseMachine.root).flatMap((node) =>
      [...node.transitions.keys()].filter(
        (type) => !TYPES.includes(type) && !/^xstate\.(after|done\.state)\./.test(type),
      ),
    );
    expect(others).toEqual([]);
  });

  // A transition may serve some of an event's roles (the kinds of upload, each stage's own uploaders).
  test.each(eventTransitions)('$name carries `may` with roles of the spec', ({ type, guard }) => {
    expect(guardTypes(guard)).toContain('may');
    const spec = [
      ...allowedFor(type),
      ...(EARLIER_VERSION_ROLES[type as keyof typeof EARLIER_VERSION_ROLES] ?? []),
    ];
    const [roles, ...more] = guardRoles(guard);
    expect(more).toEqual([]);
    expect(roles!.length).toBeGreaterThan(0);
    expect(spec).toEqual(expect.arrayContaining(roles!));
  });
});

/** Every event probed in a reachable state: each type from each sender (system reports from staff too). */
const probes = (combo: (typeof COMBOS)[number], profile: (typeof PROFILES)[number]): MachineEvent[] => [
  ...ALL_EVENTS,
  ...ALL_EVENTS.filter((e) => e.actor.role === 'di_officer').map((e) => sentBy(e, 'system')),
  ...systemEvents(combo, profile).flatMap((e) => SENDERS.map((role) => sentBy(e, role))),
];
const explorations = COMBOS.flatMap((combo) =>
  PROFILES.map((profile) => ({ combo, profile, snapshots: reachableSnapshots(combo, profile) })),
);

describe.each(explorations)(
  'every reachable state of $combo with a $profile record',
  ({ combo, profile, snapshots }) => {
    const events = probes(combo, profile);

    test('the exploration found the case’s states', () => {
      expect(snapshots.length).toBeGreaterThan(80);
    });

    test('no sender outside the spec is ever accepted', () => {
      const accepted = snapshots.flatMap((snap) => events.filter((event) => snap.can(event)));
      expect(accepted.length).toBeGreaterThan(snapshots.length);
      expect(accepted.filter((e) => !allowedFor(e.type).includes(e.actor.role)).map(who)).toEqual([]);
    });

    test('a finished case accepts no event from anyone', () => {
      const finished = snapshots.filter((snap) => snap.status === 'done');
      const ends = combo.join('/') === 'mshe/paid' ? [] : ['closed'];
      expect(new Set(finished.map((snap) => stateOf(snap)))).toEqual(
        new Set([...ends, 'withdrawn', 'cancelled', 'rejected']),
      );
      const accepted = finished.flatMap((snap) => events.filter((event) => snap.can(event)));
      expect(accepted.map(who)).toEqual([]);
    });

    test('no guard throws for a bare event, and no accepted event fails', () => {
      // allowedActions probes with bare events: guards must read only the role and the context.
      const bare = [...CASE_EVENT_TYPES, ...SYSTEM_EVENT_TYPES].flatMap((type) =>
        SENDERS.map((role) => ({ type, actor: { id: `${role}-1`, role } }) as MachineEvent),
      );
      const timers = [
        { type: 'xstate.after.invitationEscalation.outgoingCase.placement.awaitingInvitation' },
        { type: 'xstate.after.returnEscalation.outgoingCase.return' },
      ] as unknown as MachineEvent[];
      const failures: string[] = [];
      let taken = 0;
      for (const snap of snapshots) {
        for (const event of bare) {
          try {
            snap.can(event);
          } catch (e) {
            failures.push(`bare ${who(event)} in ${keyOf(snap)}: ${String(e)}`);
          }
        }
        for (const event of [...events, ...timers]) {
          try {
            if (!snap.can(event)) continue;
            const [next] = transition(outgoingCaseMachine, snap, event);
            if (next.status === 'error') failures.push(`${event.type} in ${keyOf(snap)}: error status`);
            taken += 1;
          } catch (e) {
            failures.push(`${event.type} by ${event.actor?.role} in ${keyOf(snap)}: ${String(e)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(taken).toBeGreaterThan(snapshots.length);
    });
  },
);

describe('across every reachable state of every case', () => {
  const accepted = new Map<EventType, Set<Role>>();
  for (const { combo, profile, snapshots } of explorations) {
    const events = probes(combo, profile);
    for (const snap of snapshots)
      for (const event of events)
        if (snap.can(event))
          accepted.set(event.type, (accepted.get(event.type) ?? new Set()).add(event.actor.role));
  }
  // The workflow's reports of checks, timers and the engine are probed by the timer and workflow tests.
  test.each([...CASE_EVENT_TYPES, 'STUDENT_RECORD_READ', 'STUDENT_RECORD_UNAVAILABLE'] as const)(
    '%s is accepted from exactly the roles of the spec',
    (type) => {
      expect([...(accepted.get(type) ?? [])].sort()).toEqual([...allowedFor(type)].sort());
    },
  );
});

test('ev() builds schema-valid machine events for every type and role', () => {
  for (const type of CASE_EVENT_TYPES)
    for (const role of ROLES) expect(ev(type, role)).toMatchObject({ type, actor: actorOf(role) });
});
