import { getAdjacencyMap, getShortestPaths, type StatePath } from 'xstate/graph';
import type { DocumentKind } from '../../domain/document';
import { CASE_EVENT_TYPES } from '../../domain/events';
import { trackChecklists } from '../../domain/document-checklist';
import { GRANT_CATEGORIES } from '../../domain/grant';
import { agreementToSign } from '../../machines/outgoing-case/learning-agreement';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { outgoingCaseMachine } from '../../machines/outgoing-case/machine';
import { caseChecklist } from '../../machines/outgoing-case/rules';
import { stageOf } from '../../machines/outgoing-case/view';
import {
  ROLES,
  attach,
  callDecision,
  ev,
  fileOf,
  inputFor,
  recordRead,
  recordUnavailable,
  statementFailed,
  statementIssued,
  undelivered,
  type Combo,
  type Snap,
  UNDERSPENT,
} from './support';
import { recordFor, type Profile } from './paths';

/**
 * Model-based exploration of the machine: every staff event from every staff role, the workflow's reports
 * (the record read, or unavailable), and uploads. Uploads are explored canonically: the next item the
 * checklist still lacks, accepted, and a transcript refused (which undoes an accepted one).
 */

/** For every staff event type, one event per staff role (an upload: an accepted transcript), and an underspent report. */
export const ALL_EVENTS: MachineEvent[] = [
  ...CASE_EVENT_TYPES.flatMap((type) => ROLES.map((role) => ev(type, role))),
  // A report that leaves an allowance unspent: the refund waits for finance.
  ev('ACCEPT_FINANCIAL_REPORT', 'finance', { spend: UNDERSPENT }),
  ev('RECONCILE_FUNDS', 'finance', { spend: UNDERSPENT }),
  // Version 6: the papers of the stages after selection, from every role.
  ...(['learning_agreement', 'financial_report'] as const).flatMap((kind) =>
    ROLES.map((role) => ev('ATTACH_DOCUMENT', role, { document: fileOf(kind, 7) })),
  ),
];

/** The kind that satisfies a checklist item: the SNSS English certificate where it would do. */
const kindFor = (anyOf: DocumentKind[]): DocumentKind | undefined =>
  anyOf.includes('english_certificate') ? 'english_certificate' : anyOf[0];

/** The next missing or refused checklist item, uploaded and accepted; a transcript that fails its check. */
export function documentEvents(snap: Snap): MachineEvent[] {
  const c = snap.context;
  const items = trackChecklists(c.policy)[c.track];
  const next = caseChecklist(c)
    .lines.filter((l) => l.status !== 'accepted')
    .map((l) => kindFor(items.find((i) => i.id === l.id)!.anyOf))
    .find((k) => k !== undefined);
  return [
    ...(next ? attach(next) : []),
    ...attach('transcript', { accepted: false, n: 1 }),
    ...stageDocumentEvents(snap),
  ];
}

const FINANCIAL: DocumentKind[] = [
  'financial_report',
  ...GRANT_CATEGORIES.map((g) => `receipt_${g}` as const),
];
const held = (snap: Snap, kind: DocumentKind) =>
  snap.context.documents.some((d) => d.document.kind === kind && d.verdict.accepted);

/** Version 6: the partner's learning agreement before departure; the next paper of a financial report. */
function stageDocumentEvents(snap: Snap): MachineEvent[] {
  const stage = stageOf(snap.value);
  if (stage === 'preDeparture' && !held(snap, 'learning_agreement'))
    return attach('learning_agreement', { role: 'partner' });
  const next = stage === 'return' ? FINANCIAL.find((k) => !held(snap, k)) : undefined;
  return next ? attach(next) : [];
}

/**
 * A mail the relay refused, reported in the application stage only: enough for RESEND_MESSAGE to be
 * explored from every role, without doubling the graph of the later stages.
 */
export const undeliveredEvents = (snap: Snap): MachineEvent[] =>
  stageOf(snap.value) === 'application' && !snap.context.undelivered?.length ? [undelivered()] : [];

export const systemEvents = (combo: Combo, profile: Profile): MachineEvent[] => [
  recordRead(recordFor(combo[1], profile)),
  recordUnavailable(),
  ...(['selected', 'waitlisted', 'not_selected'] as const).map((o) => callDecision(o)),
  statementIssued(),
  statementFailed(),
];

/**
 * The graph key of a snapshot: its value and the context that steers later transitions. During the
 * eligibility review that is the verdict, the English evidence, the latest check of each document kind
 * and the confirmed items; in competition the call's last decision (version 3); later only the partner, the
 * grant, the outcome and the basis tuition is read from.
 */
export function keyOf(snap: Snap): string {
  const c = snap.context;
  const review =
    stageOf(snap.value) === 'eligibilityReview'
      ? {
          verdict: c.eligibility && [
            c.eligibility.eligible,
            c.eligibility.audition,
            c.eligibility.englishEvidence,
          ],
          english: c.english,
          latest: Object.entries(
            Object.fromEntries(c.documents.map((d) => [d.verdict.kind, d.verdict.accepted])),
          ).sort(),
          confirmed: c.confirmedItems,
          checking: c.checking.map((d) => d.kind).sort(),
        }
      : null;
  const basis = c.record?.studyBasis ?? null;
  const decided = stageOf(snap.value) === 'competition' ? (c.callDecision?.outcome ?? null) : null;
  return JSON.stringify([
    snap.value,
    c.grantDisbursed,
    c.outcome?.kind ?? null,
    c.partner !== null,
    basis,
    review,
    decided,
    snap.context.undelivered?.length ?? 0,
    agreementKey(snap),
  ]);
}

/** Version 6: how far the learning agreement and the financial papers are, where they steer what follows. */
function agreementKey(snap: Snap) {
  const stage = stageOf(snap.value);
  const c = snap.context;
  if (stage === 'preDeparture' || stage === 'mobility')
    return [
      agreementToSign(c)?.signatures.map((x) => x.party) ?? null,
      held(snap, 'learning_agreement'),
      c.learningAgreements?.length ?? 0,
      c.checking.length,
    ];
  return stage === 'return' ? [FINANCIAL.filter((k) => held(snap, k)).length, c.checking.length] : null;
}

function traversal(combo: Combo, profile: Profile) {
  const system = systemEvents(combo, profile);
  return {
    input: inputFor(combo),
    events: (snap: Snap) => [...ALL_EVENTS, ...system, ...documentEvents(snap), ...undeliveredEvents(snap)],
    filterEvents: (snap: Snap, event: MachineEvent) => snap.can(event),
  };
}

/** Every distinct reachable snapshot of the machine for `combo` and a registrar record of `profile`. */
export function reachableSnapshots(combo: Combo, profile: Profile): Snap[] {
  const adjacency = getAdjacencyMap(outgoingCaseMachine, {
    ...traversal(combo, profile),
    serializeState: (snap) => keyOf(snap),
  });
  return Object.values(adjacency).map((v) => v.state);
}

export type Path = StatePath<Snap, MachineEvent>;

/**
 * The shortest path to every distinct (key, last event type): keying on the last event makes every kind of
 * transition the last step of some path, including those that loop back.
 */
export function shortestPaths(combo: Combo, profile: Profile): Path[] {
  return getShortestPaths(outgoingCaseMachine, {
    ...traversal(combo, profile),
    serializeState: (snap, event) => `${keyOf(snap)}|${event?.type ?? ''}`,
  });
}
