import fc from 'fast-check';
import { DocumentKind } from '../../domain/document';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../domain/events';
import { validateEvent } from '../../machines/outgoing-case/validate';
import { activeEventRoles } from '../../machines/outgoing-case/transitions';
import { actorInScope, allowedActions, stageOf } from '../../machines/outgoing-case/view';
import { reachableSnapshots } from './explore';
import { PROFILES } from './paths';
import { COMBOS, PAYLOAD, ROLES, fileOf, type Snap } from './support';

/**
 * Item 1 of the foundation as a property: over reachable snapshots of every track, basis and record, and
 * well-formed events from every role, at moments inside and outside the application windows, the update
 * validator accepts exactly what `allowedActions` lists for that moment. An upload is listed when a new
 * file of a kind the checklist asks for is taken, so for uploads the file decides too.
 */

const SNAPSHOTS: Snap[] = COMBOS.flatMap((combo) => PROFILES.flatMap((p) => reachableSnapshots(combo, p)));

// Around the 2026 windows (Sept 1-25 for self-funded; the fixed calls' own dates), Almaty time.
const moment = fc
  .integer({ min: Date.parse('2026-08-20T00:00:00+05:00'), max: Date.parse('2026-10-31T00:00:00+05:00') })
  .map((ms) => new Date(ms).toISOString());

// Mostly events some active state declares (where the guards decide), the rest any staff event at all.
const declared = (snap: Snap): CaseEventType[] => {
  const types = [...activeEventRoles(snap).keys()].filter((t) => (CASE_EVENT_TYPES as string[]).includes(t));
  return types.length > 0 ? (types as CaseEventType[]) : [...CASE_EVENT_TYPES];
};
// Every stage equally often: a stage with many reachable snapshots must not crowd out the others.
const byStage = [
  ...SNAPSHOTS.reduce((groups, snap) => {
    const stage = stageOf(snap.value);
    return groups.set(stage, [...(groups.get(stage) ?? []), snap]);
  }, new Map<string, Snap[]>()).values(),
];
// The inputs are plain numbers and names, so a counterexample prints small; `pick` turns them into cases.
const input = fc.record({
  stage: fc.nat(byStage.length - 1),
  snapshot: fc.nat(),
  declaredType: fc.boolean(),
  type: fc.nat(),
  role: fc.constantFrom(...ROLES),
  inScope: fc.boolean(),
  kind: fc.constantFrom(...DocumentKind.options),
  n: fc.integer({ min: 0, max: 2 }),
  at: moment,
});
function pick(i: typeof input extends fc.Arbitrary<infer T> ? T : never) {
  const group = byStage[i.stage]!;
  const snap = group[i.snapshot % group.length]!;
  const types = i.declaredType ? declared(snap) : [...CASE_EVENT_TYPES];
  return { snap, at: i.at, e: { ...i, type: types[i.type % types.length]! } };
}

test('the validator accepts exactly what allowedActions lists', () => {
  fc.assert(
    fc.property(input, (i) => {
      const { snap, e, at } = pick(i);
      const scoped = actorInScope(snap.context, e.role);
      const actor = e.inScope ? scoped : { id: 'someone-else', role: e.role };
      const raw = {
        type: e.type,
        actor,
        ...PAYLOAD[e.type],
        ...(e.type === 'ATTACH_DOCUMENT' ? { document: fileOf(e.kind, e.n) } : {}),
      };
      const accepted = validateEvent(snap, raw, at) === null;
      const listed = allowedActions(snap, at).some((a) => a.type === e.type && a.roles.includes(e.role));
      const outOfScope = actor.id !== scoped.id && (e.role === 'student' || e.role === 'partner');

      // Nothing unlisted is ever accepted, and nobody acts on a case outside their scope.
      if (accepted) expect(listed && !outOfScope).toBe(true);
      if (!listed || outOfScope) return;
      if (e.type !== 'ATTACH_DOCUMENT') {
        expect(accepted).toBe(true);
        return;
      }
      // A listed upload is taken exactly when the file is new to the case and on the checklist.
      const c = snap.context;
      const fresh = ![...c.documents.map((d) => d.document), ...c.checking].some(
        (d) => d.sha256 === fileOf(e.kind, e.n).sha256,
      );
      const onChecklist = c.policy.tracks[c.track].requiredDocuments.some((i) => i.anyOf.includes(e.kind));
      expect(accepted).toBe(fresh && onChecklist);
    }),
    { numRuns: 3000 },
  );
});

test('a malformed event is refused naming the field, whatever the state', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SNAPSHOTS), fc.constantFrom(...CASE_EVENT_TYPES), (snap, type) => {
      const refused = validateEvent(
        snap,
        { type, actor: { id: '', role: 'student' } },
        '2026-09-10T10:00:00Z',
      );
      expect(refused).toMatchObject({
        type: 'InvalidPayload',
        issues: expect.arrayContaining([expect.objectContaining({ path: 'actor.id' })]),
      });
    }),
    { numRuns: 200 },
  );
});
