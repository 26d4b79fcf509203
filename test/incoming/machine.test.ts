import { getShortestPaths } from 'xstate/graph';
import type { AnyStateNode } from 'xstate';
import type { DocumentKind } from '../../domain/document';
import { INCOMING_EVENT_TYPES, IncomingEvent } from '../../domain/incoming';
import type { IncomingMachineEvent } from '../../machines/incoming-case/events';
import { incomingCaseMachine } from '../../machines/incoming-case/machine';
import { leafPaths } from '../../machines/shared/declared';
import { validateIncomingEvent } from '../../machines/incoming-case/validate';
import {
  incomingActiveDeadlines,
  incomingAllowedActions,
  type IncomingCaseSnapshot,
} from '../../machines/incoming-case/view';
import {
  AT,
  ev,
  inputOf,
  letterIssued,
  nomination,
  run,
  sendLetter,
  start,
  toComplete,
  transcriptIssued,
  type Snap,
} from './support';

const ROLES = ['student', 'partner', 'di_officer', 'dean_office', 'registrar', 'finance'] as const;

/** A machine event as a client sends it: the workflow stamps the moment. */
const raw = (e: IncomingMachineEvent) => {
  const rest: Record<string, unknown> = { ...e };
  delete rest.at;
  return rest;
};
const complete = (citizenship = 'DE') => run(start(nomination({ citizenship })), toComplete());
const grades = (s: Snap) => [
  ev(s, 'RECORD_GRADES', 'registrar', {
    grades: [
      { course: 'CSCI2106', percent: 91 },
      { course: 'CSCI3301', percent: 78 },
    ],
  }),
];

describe('the incoming case, stage by stage', () => {
  test('a visa-required student: nomination, disciplines, application, both invitations, arrival, study, transcript, closed', () => {
    let s = start();
    expect(leafPaths(s.value)).toEqual(['open.nominated']);
    s = complete('DE');
    expect(s.context.visa).toMatchObject({ required: true, citizenship: 'DE', visaFreeDays: 30 });
    expect(leafPaths(s.value).sort()).toEqual([
      'open.invitations.letter.pending',
      'open.invitations.migration.pending',
    ]);
    expect(s.context.applicationCompleteAt).toBe(AT);
    expect(
      incomingActiveDeadlines(s)
        .map((d) => d.id)
        .sort(),
    ).toEqual(['invitationLetter', 'migrationInvitation']);
    s = run(s, [sendLetter]);
    expect(leafPaths(s.value)).toContain('open.invitations.migration.pending');
    expect(incomingActiveDeadlines(s).map((d) => d.id)).toEqual(['migrationInvitation']);
    s = run(s, [
      (x) => [ev(x, 'RECORD_MIGRATION_INVITATION', 'di_officer', { reference: 'MVD-2027-0042' })],
      (x) => [ev(x, 'RECORD_ARRIVAL', 'di_officer')],
      grades,
    ]);
    expect(leafPaths(s.value)).toEqual(['transcript.issuing']);
    expect(s.context.grades).toEqual([
      {
        course: 'CSCI2106',
        title: 'Data Structures and Algorithms',
        credits: 6,
        percent: 91,
        kbtu: 'A-',
        partner: '1.4-1.7',
      },
      {
        course: 'CSCI3301',
        title: 'Distributed Systems',
        credits: 6,
        percent: 78,
        kbtu: 'B-',
        partner: '2.4-2.7',
      },
    ]);
    s = run(s, [transcriptIssued(), (x) => [ev(x, 'SEND_TRANSCRIPT', 'di_officer')]]);
    expect(s.status).toBe('done');
    expect(s.value).toBe('closed');
  });

  test('a visa-free student (EAEU) needs no migration invitation', () => {
    const s = run(start(nomination({ partnerId: 'knu', citizenship: 'KG', school: 'SITE' })), toComplete());
    expect(s.context.visa).toMatchObject({ required: false, visaFreeDays: 'unlimited' });
    expect(s.context.visa.rule).toMatch(/KG citizens stay visa-free without a limit/);
    expect(leafPaths(s.value)).toContain('open.invitations.migration.notRequired');
    const sent = run(s, [sendLetter]);
    expect(leafPaths(sent.value)).toEqual(['open.arrival']);
    expect(
      validateIncomingEvent(
        s,
        { type: 'RECORD_MIGRATION_INVITATION', actor: { id: 'd', role: 'di_officer' }, reference: 'X-1' },
        AT,
      )?.type,
    ).toBe('ActionNotAllowed');
  });

  test('a learning agreement over two schools waits for each dean office, and only for courses that school teaches', () => {
    let s = run(start(), toComplete().slice(0, 4));
    s = run(s, [
      (x) => [ev(x, 'PROPOSE_LEARNING_AGREEMENT', 'student', { courses: ['CSCI2106', 'MATH2201'] })],
    ]);
    const bs = ev(s, 'AGREE_LEARNING_AGREEMENT', 'dean_office', { school: 'BS' });
    expect(validateIncomingEvent(s, raw(bs), AT)).toMatchObject({
      type: 'InvalidPayload',
      issues: [
        { path: 'school', message: expect.stringMatching(/awaits the dean's office of SAM, SITE, not BS/) },
      ],
    });
    s = run(s, [(x) => [ev(x, 'AGREE_LEARNING_AGREEMENT', 'dean_office', { school: 'SITE' })]]);
    expect(leafPaths(s.value)).toContain('open.application.learningAgreement.agreeing');
    s = run(s, [(x) => [ev(x, 'AGREE_LEARNING_AGREEMENT', 'dean_office', { school: 'SAM' })]]);
    expect(leafPaths(s.value)[0]).toMatch(/^open\.invitations/);
  });

  test('courses outside the semester catalogue are refused by name', () => {
    const s = run(start(), toComplete().slice(0, 1));
    // CSCI3510 is taught in the fall only; the nomination is for the spring.
    const refused = validateIncomingEvent(
      s,
      {
        type: 'PROPOSE_LEARNING_AGREEMENT',
        actor: { id: s.context.partner.id, role: 'partner' },
        courses: ['CSCI3510', 'XYZ1000'],
      },
      AT,
    );
    expect(refused?.issues).toEqual([
      { path: 'courses', message: "not in KBTU's catalogue for 2027-spring: CSCI3510, XYZ1000" },
    ]);
  });

  test('grades must cover the agreement; the partner table must have each letter', () => {
    const s = run(complete(), [
      sendLetter,
      (x) => [ev(x, 'RECORD_MIGRATION_INVITATION', 'di_officer', { reference: 'MVD-1' })],
      (x) => [ev(x, 'RECORD_ARRIVAL', 'di_officer')],
    ]);
    const partial = ev(s, 'RECORD_GRADES', 'registrar', { grades: [{ course: 'CSCI2106', percent: 90 }] });
    expect(validateIncomingEvent(s, raw(partial), AT)?.issues?.[0]?.message).toMatch(
      /one grade for each course.*CSCI2106, CSCI3301/,
    );
    const noTable = {
      ...s,
      context: { ...s.context, partner: { ...s.context.partner, gradeTable: [{ grade: '1.0', kbtu: 'A' }] } },
    } as Snap;
    const bad = ev(s, 'RECORD_GRADES', 'registrar', {
      grades: [
        { course: 'CSCI2106', percent: 80 },
        { course: 'CSCI3301', percent: 99 },
      ],
    });
    expect(validateIncomingEvent(noTable, raw(bad), AT)?.issues?.[0]?.message).toBe(
      'CSCI2106: the conversion table of partner tum has no grade for KBTU B',
    );
  });

  test('roles and scope: another partner, another student, a finance officer are refused', () => {
    const s = start();
    const other = { type: 'WITHDRAW', actor: { id: 'polimi', role: 'partner' }, reason: 'changed plans' };
    expect(validateIncomingEvent(s, other, AT)).toMatchObject({ type: 'NotInScope' });
    const student = {
      type: 'WITHDRAW',
      actor: { id: 'someone-else', role: 'student' },
      reason: 'changed plans',
    };
    expect(validateIncomingEvent(s, student, AT)).toMatchObject({ type: 'NotInScope' });
    const finance = { type: 'SEND_DISCIPLINES_LIST', actor: { id: 'f', role: 'finance' } };
    expect(validateIncomingEvent(s, finance, AT)).toMatchObject({
      type: 'RoleNotAllowed',
      message: 'role finance may not send SEND_DISCIPLINES_LIST; it is for: di_officer',
    });
    expect(validateIncomingEvent(s, { type: 'SEND_DISCIPLINES_LIST' }, AT)).toMatchObject({
      type: 'InvalidPayload',
    });
  });

  test.each([
    ['withdrawn', 'WITHDRAW', 'partner'],
    ['cancelled', 'CANCEL', 'di_officer'],
    ['rejected', 'REJECT_NOMINATION', 'di_officer'],
  ] as const)('ends %s with its reason', (end, type, role) => {
    const s = run(start(), [(x) => [ev(x, type, role, { reason: 'the student left the programme' })]]);
    expect(s.value).toBe(end);
    expect(s.context.outcome).toMatchObject({ kind: end, reason: 'the student left the programme' });
  });
});

/** Every staff event from every role with payloads that pass where they can, plus the workflow's reports. */
function events(s: IncomingCaseSnapshot): IncomingMachineEvent[] {
  const courses = s.context.learningAgreement?.courses ?? ['CSCI2106', 'MATH2201'];
  const extra = {
    courses,
    school: s.context.learningAgreement
      ? (s.context.catalogue.find(
          (k) => courses.includes(k.code) && !s.context.learningAgreement!.agreedBy.includes(k.school),
        )?.school ?? 'SITE')
      : 'SITE',
    grades: courses.map((course) => ({ course, percent: 88 })),
    reference: 'MVD-7',
    reason: 'a reason',
    days: 7,
    messageKey: UNDELIVERED.key,
  };
  const staff = INCOMING_EVENT_TYPES.filter((t) => t !== 'ATTACH_DOCUMENT').flatMap((type) =>
    ROLES.map((role) => ev(s, type, role, extra)),
  );
  const kinds = ['application_form', 'passport_scan', 'learning_agreement'] as const;
  const missing = kinds.find(
    (k) => !s.context.documents.some((d) => d.verdict.kind === k && d.verdict.accepted),
  );
  const checking = s.context.checking[0];
  const sha256 = String(kinds.indexOf(missing!) + 1).padStart(64, '0');
  const upload = checking
    ? [checked(checking.sha256, checking.kind)]
    : missing
      ? [
          ev(s, 'ATTACH_DOCUMENT', 'student', {
            document: { sha256, kind: missing, originalName: 'f.pdf', mediaType: 'application/pdf', size: 9 },
          }),
        ]
      : [];
  const system = { id: 'mobility-system', role: 'system' } as const;
  // One refused mail at most, so the graph stays finite: DI's resend is then one of the staff events.
  const refusedMail =
    (s.context.undelivered ?? []).length === 0
      ? [{ type: 'NOTIFICATION_UNDELIVERED' as const, actor: system, message: UNDELIVERED }]
      : [];
  return [
    ...staff,
    ...upload,
    ...refusedMail,
    transcriptIssued(),
    { type: 'TRANSCRIPT_FAILED', actor: system, reason: 'store down' },
    letterIssued(),
    { type: 'INVITATION_LETTER_FAILED', actor: system, reason: 'store down' },
  ];
}

/** A nomination mail the partner's relay refused for good. */
const UNDELIVERED = {
  key: '1-incomingNominated-partner',
  template: 'incomingNominated' as const,
  to: 'partner' as const,
  data: {},
  error: '550 5.1.1 mailbox unavailable',
};

const checked = (sha256: string, kind: DocumentKind): IncomingMachineEvent => ({
  type: 'DOCUMENT_CHECKED',
  actor: { id: 'mobility-system', role: 'system' },
  sha256,
  verdict: { sha256, kind, accepted: true, reasons: [], checkedWith: 'test' },
});

const keyOf = (s: IncomingCaseSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.documents.map((d) => d.verdict.kind).sort(),
    s.context.checking.length,
    s.context.learningAgreement,
    s.context.outcome?.kind,
    (s.context.undelivered ?? []).length,
  ]);

const descendants = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);

describe('path coverage from xstate/graph', () => {
  const paths = ['DE', 'KG'].flatMap((citizenship) =>
    getShortestPaths(incomingCaseMachine, {
      input: inputOf(nomination({ citizenship, partnerId: citizenship === 'KG' ? 'knu' : 'tum' })),
      events,
      filterEvents: (s, e) => s.can(e),
      serializeState: (s, e) => `${keyOf(s)}|${e?.type ?? ''}`,
    }),
  );

  test('reaches every state of the machine', () => {
    const reached = new Set(
      paths
        .flatMap((p) => [p.state, ...p.steps.map((st) => st.state)])
        .flatMap((s) => s._nodes.map((n) => n.path.join('.'))),
    );
    // A state left at once by its eventless transition (the visa decision) is passed through, not rested in.
    const transient = (n: AnyStateNode) => n.always !== undefined && Object.keys(n.on).length === 0;
    const all = descendants(incomingCaseMachine.root)
      .filter((n) => !transient(n))
      .map((n) => n.path.join('.'));
    expect(all.filter((id) => !reached.has(id))).toEqual([]);
  });

  test('takes every staff event', () => {
    const taken = new Set(paths.flatMap((p) => p.steps.map((st) => st.event.type)));
    expect(INCOMING_EVENT_TYPES.filter((t) => !taken.has(t))).toEqual([]);
  });

  test('at every reached state, allowedActions is exactly what the validator accepts', () => {
    const seen = new Map<string, IncomingCaseSnapshot>();
    for (const p of paths) seen.set(keyOf(p.state), p.state);
    for (const s of seen.values()) {
      const allowed = incomingAllowedActions(s, AT);
      for (const e of events(s)) {
        if (!INCOMING_EVENT_TYPES.includes(e.type as never) || e.type === 'ATTACH_DOCUMENT') continue;
        const raw: Record<string, unknown> = { ...e };
        delete raw.at;
        const payload = Object.fromEntries(
          Object.entries(raw).filter(([k]) => ['type', 'actor', ...Object.keys(shapeOf(e.type))].includes(k)),
        );
        const accepted = validateIncomingEvent(s, payload, AT) === null;
        const offered = allowed.some((a) => a.type === e.type && a.roles.includes(e.actor.role as never));
        expect([e.type, e.actor.role, accepted]).toEqual([e.type, e.actor.role, offered]);
      }
    }
  });
});

/** The fields an event of `type` takes besides its type, actor and note, read off its schema. */
function shapeOf(type: string): Record<string, unknown> {
  const shape = IncomingEvent.options.find((o) => o.shape.type.value === type)?.shape ?? {};
  return Object.fromEntries(Object.entries(shape).filter(([k]) => !['type', 'actor', 'note'].includes(k)));
}
