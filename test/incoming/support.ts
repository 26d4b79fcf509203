import { readFileSync } from 'node:fs';
import { initialTransition, transition } from 'xstate';
import { loadPolicy } from '../../app/config';
import { AgreementTable, type PartnerAgreement } from '../../domain/agreement';
import type { DocumentKind } from '../../domain/document';
import type { IncomingEvent, NominationRequest } from '../../domain/incoming';
import type { Policy } from '../../domain/policy';
import type { IncomingMachineEvent } from '../../machines/incoming-case/events';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';
import { nominationInput } from '../../machines/incoming-case/nomination';
import type { IncomingCaseSnapshot } from '../../machines/incoming-case/view';
import { SEED_AGREEMENTS_FILE, type AgreementStore } from '../../stores/agreements';

export const POLICY: Policy = loadPolicy('policies/2026-2027.json');
export const AT = '2026-12-01T10:00:00+05:00';

/** The shipped partner agreements (seed/agreements.json), which the embedded system reads until an import. */
export const AGREEMENTS: PartnerAgreement[] = AgreementTable.parse(
  JSON.parse(readFileSync(SEED_AGREEMENTS_FILE, 'utf8')),
);
export const agreementOf = (partnerId: string): PartnerAgreement | null =>
  AGREEMENTS.find((a) => a.partnerId === partnerId) ?? null;
/** The shipped agreements as the incoming client reads them, for tests that run no database. */
export const SEED_AGREEMENTS: Pick<AgreementStore, 'get' | 'list'> = {
  get: async (partnerId) => agreementOf(partnerId),
  list: async () => AGREEMENTS,
};
/** The case a nomination opens under the shipped agreements. */
export const inputOf = (n: NominationRequest, policy: Policy = POLICY) =>
  nominationInput(n, policy, agreementOf(n.partnerId)!);
export type Snap = IncomingCaseSnapshot;

let serial = 0;
/** A nomination of a fresh student of `partnerId`, by the partner itself unless `actor` says otherwise. */
export function nomination(
  over: { partnerId?: string; citizenship?: string; level?: 'bachelor' | 'master'; school?: string } = {},
  actor?: NominationRequest['actor'],
): NominationRequest {
  const partnerId = over.partnerId ?? 'tum';
  serial += 1;
  return {
    partnerId,
    semester: '2027-spring',
    school: over.school ?? 'SITE',
    student: {
      partnerStudentId: `P${Date.now() % 100000}${serial}`,
      givenName: 'Anna',
      familyName: 'Müller',
      birthDate: '2004-05-17',
      citizenship: over.citizenship ?? 'DE',
      email: `anna.${serial}@student.tum.example`,
      passport: { number: `C01X00T4${serial % 10}`, expiresOn: '2031-01-01' },
      level: over.level ?? 'bachelor',
      field: 'Computer Science',
    },
    actor: actor ?? { id: partnerId, role: 'partner' },
  };
}

export const start = (n: NominationRequest = nomination(), policy = POLICY): Snap =>
  initialTransition(incomingCaseMachine, inputOf(n, policy))[0];

const actors = {
  student: (s: Snap) => ({ id: s.context.student.partnerStudentId, role: 'student' as const }),
  partner: (s: Snap) => ({ id: s.context.partner.id, role: 'partner' as const }),
};
type ActorRole = IncomingEvent['actor']['role'];
const actorFor = (s: Snap, role: ActorRole) =>
  role === 'student' || role === 'partner' ? actors[role](s) : { id: `${role}-1`, role };

/** A staff event of `type` from `role`, stamped at AT. */
export function ev(
  s: Snap,
  type: IncomingEvent['type'],
  role: ActorRole,
  extra: Record<string, unknown> = {},
): IncomingMachineEvent {
  return { type, actor: actorFor(s, role), at: AT, ...extra } as IncomingMachineEvent;
}

const SYSTEM = { id: 'mobility-system', role: 'system' } as const;
let sha = 0;
/** An upload of `kind` and its check, accepted unless told otherwise. */
export function attach(
  s: Snap,
  kind: DocumentKind,
  accepted = true,
  role: ActorRole = 'student',
): IncomingMachineEvent[] {
  sha += 1;
  const sha256 = sha.toString(16).padStart(64, '0');
  return [
    ev(s, 'ATTACH_DOCUMENT', role, {
      document: { sha256, kind, originalName: `${kind}.pdf`, mediaType: 'application/pdf', size: 100 },
    }),
    {
      type: 'DOCUMENT_CHECKED',
      actor: SYSTEM,
      sha256,
      verdict: { sha256, kind, accepted, reasons: [], checkedWith: 'test' },
    },
  ];
}

export function run(s: Snap, events: (IncomingMachineEvent | ((s: Snap) => IncomingMachineEvent[]))[]): Snap {
  let snap = s;
  for (const item of events) {
    const list = typeof item === 'function' ? item(snap) : [item];
    for (const e of list) {
      if (!snap.can(e)) throw new Error(`${e.type} refused in ${JSON.stringify(snap.value)}`);
      snap = transition(incomingCaseMachine, snap, e)[0];
    }
  }
  return snap;
}

export const transcriptIssued = (): IncomingMachineEvent => ({
  type: 'TRANSCRIPT_ISSUED',
  actor: SYSTEM,
  sha256: 'f'.repeat(64),
});

export const letterIssued = (): IncomingMachineEvent => ({
  type: 'INVITATION_LETTER_ISSUED',
  actor: SYSTEM,
  sha256: 'e'.repeat(64),
});

/** DI sends KBTU's letter, and the workflow reports it made and stored (machine version 2). */
export const sendLetter = (s: Snap): IncomingMachineEvent[] => [
  ev(s, 'SEND_INVITATION_LETTER', 'di_officer'),
  letterIssued(),
];

/** The events from nomination to a complete application, agreed by SITE only. */
export const toComplete = (courses = ['CSCI2106', 'CSCI3301']) => [
  (s: Snap) => [ev(s, 'SEND_DISCIPLINES_LIST', 'di_officer')],
  (s: Snap) => attach(s, 'application_form'),
  (s: Snap) => attach(s, 'passport_scan'),
  (s: Snap) => attach(s, 'learning_agreement'),
  (s: Snap) => [ev(s, 'PROPOSE_LEARNING_AGREEMENT', 'partner', { courses })],
  (s: Snap) => [ev(s, 'AGREE_LEARNING_AGREEMENT', 'dean_office', { school: 'SITE' })],
];
