import fc from 'fast-check';
import { DocumentKind } from '../../domain/document';
import { GRANT_CATEGORIES } from '../../domain/grant';
import { CASE_EVENT_TYPES, type CaseEventType } from '../../domain/events';
import { validateEvent } from '../../machines/outgoing-case/validate';
import { activeEventRoles } from '../../machines/outgoing-case/transitions';
import { actorInScope, allowedActions, stageOf } from '../../machines/outgoing-case/view';
import { reachableSnapshots } from './explore';
import { PROFILES } from './paths';
import { SEED_MATCHES } from '../helpers/curricula';
import { COMBOS, PAYLOAD, ROLES, fileOf, type Snap } from './support';

/**
 * Item 1 of the foundation as a property: over reachable snapshots of every track, basis and record, and
 * well-formed events from every role, at moments inside and outside the application windows, the update
 * validator accepts exactly what `allowedActions` lists for that moment. An upload is listed when a new
 * file of a kind the stage takes is taken, so for uploads the file decides too, and for a change of the
 * learning agreement its plan.
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
      if (e.type === 'REQUEST_LEARNING_AGREEMENT_CHANGE') {
        // A change is a new plan: the same partner courses as the agreement in force change nothing.
        const studied = new Set(snap.context.learningAgreements?.at(-1)?.studied.map((x) => x.code));
        const planned = new Set(SEED_MATCHES.slice(0, 4).flatMap((m) => m.partnerCodes));
        const same = studied.size === planned.size && [...planned].every((code) => studied.has(code));
        expect(accepted).toBe(!same);
        return;
      }
      if (e.type === 'ACCEPT_FINANCIAL_REPORT') {
        // The payload spends in every category: the report and each category's receipt must be on the case.
        const papers = ['financial_report', ...GRANT_CATEGORIES.map((g) => `receipt_${g}`)];
        const held = (kind: string) =>
          snap.context.documents.some((d) => d.document.kind === kind && d.verdict.accepted);
        expect(accepted).toBe(papers.every(held));
        return;
      }
      if (e.type !== 'ATTACH_DOCUMENT') {
        expect(accepted).toBe(true);
        return;
      }
      // A listed upload is taken exactly when the file is new to the case and on the checklist.
      const c = snap.context;
      const fresh = ![...c.documents.map((d) => d.document), ...c.checking].some(
        (d) => d.sha256 === fileOf(e.kind, e.n).sha256,
      );
      // Version 6: before departure the partner's learning agreement, on return the financial papers.
      const stage = stageOf(snap.value);
      const onChecklist = c.policy.tracks[c.track].requiredDocuments.some((i) => i.anyOf.includes(e.kind));
      const taken =
        stage === 'preDeparture'
          ? e.kind === 'learning_agreement'
          : stage === 'return'
            ? e.kind === 'financial_report' || e.kind.startsWith('receipt_')
            : onChecklist;
      expect(accepted).toBe(fresh && taken);
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
