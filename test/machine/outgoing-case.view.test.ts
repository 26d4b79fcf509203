import { DocumentKind } from '../../domain/document';
import type { StaffRole } from '../../domain/actor';
import type { CaseEventType } from '../../domain/events';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import {
  activeDeadlines,
  allowedActions,
  leafPaths,
  stageLabel,
  stageOf,
} from '../../machines/outgoing-case/view';
import { ALL_EVENTS, reachableSnapshots } from './explore';
import {
  PROFILES,
  applicationDocuments,
  assessed,
  before,
  financialReport,
  happyPath,
  submitted,
} from './paths';
import {
  COMBOS,
  attach,
  ev,
  fileOf,
  recordUnavailable,
  run,
  start,
  type Combo,
  type Snap,
  leaves,
} from './support';
import { FIXED_AT } from '../helpers/fixtures';
import { SEED_MATCHES } from '../helpers/curricula';

const combo: Combo = ['mshe', 'state_grant'];
const path = happyPath(...combo);
const upTo = (type: MachineEvent['type']) => run(start(combo), before(path, type));

const DI: StaffRole[] = ['di_officer'];
const UPLOADERS: StaffRole[] = ['student', 'di_officer'];
const ENDINGS = [
  { type: 'WITHDRAW', roles: ['student'] },
  { type: 'CANCEL', roles: DI },
];
/** A state that watches a deadline lets DI extend it. */
const EXTENSION = { type: 'EXTEND_DEADLINE', roles: DI };
const audition = () => run(assessed('erasmus', 'noEnglish'), [ev('REGISTER_FOR_AUDITION', 'student')]);

describe('view of the eligibility review', () => {
  const READING = ['eligibilityReview.eligibility.readingRecord', 'eligibilityReview.documents.incomplete'];
  test.each([
    {
      name: 'reading the record (self-funded)',
      snap: () => submitted('self_funded'),
      leaves: READING,
      allowed: [
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'REJECT_APPLICATION', roles: DI },
      ],
    },
    {
      name: 'reading the record (MSHE): the paper folder can be confirmed',
      snap: () => submitted('mshe'),
      leaves: READING,
      allowed: [
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'CONFIRM_PAPER_FOLDER', roles: DI },
        { type: 'REJECT_APPLICATION', roles: DI },
      ],
    },
    {
      name: 'the record unavailable',
      snap: () => run(submitted('erasmus'), [recordUnavailable()]),
      leaves: ['eligibilityReview.eligibility.recordUnavailable', 'eligibilityReview.documents.incomplete'],
      allowed: [
        { type: 'REEVALUATE_ELIGIBILITY', roles: DI },
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'REJECT_APPLICATION', roles: DI },
      ],
    },
    {
      name: 'assessed without English evidence',
      snap: () => assessed('self_funded', 'noEnglish'),
      leaves: ['eligibilityReview.eligibility.assessed', 'eligibilityReview.documents.incomplete'],
      allowed: [
        { type: 'REEVALUATE_ELIGIBILITY', roles: DI },
        { type: 'RECORD_IELTS', roles: DI },
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'REJECT_APPLICATION', roles: DI },
        { type: 'REGISTER_FOR_AUDITION', roles: UPLOADERS },
      ],
    },
    {
      name: 'in the audition',
      snap: audition,
      leaves: ['eligibilityReview.eligibility.audition', 'eligibilityReview.documents.incomplete'],
      allowed: [
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'REJECT_APPLICATION', roles: DI },
        { type: 'RECORD_AUDITION_PASSED', roles: ['snss'] },
        { type: 'RECORD_AUDITION_FAILED', roles: ['snss'] },
      ],
    },
    {
      name: 'eligible with every MSHE document and the paper folder',
      snap: () => run(assessed('mshe'), applicationDocuments('mshe')),
      leaves: ['eligibilityReview.eligibility.assessed', 'eligibilityReview.documents.complete'],
      allowed: [
        { type: 'REEVALUATE_ELIGIBILITY', roles: DI },
        { type: 'RECORD_IELTS', roles: DI },
        { type: 'ATTACH_DOCUMENT', roles: UPLOADERS },
        { type: 'CONFIRM_ELIGIBILITY', roles: DI },
        { type: 'REJECT_APPLICATION', roles: DI },
      ],
    },
  ])('$name', ({ snap: make, leaves, allowed }) => {
    const snap = make();
    expect(stageOf(snap.value)).toBe('eligibilityReview');
    expect(stageLabel(snap)).toBe('Eligibility review');
    expect(leafPaths(snap.value).map((p) => p.replace(/^open\./, ''))).toEqual(leaves);
    expect(activeDeadlines(snap)).toEqual([]);
    expect(allowedActions(snap, FIXED_AT)).toEqual([...allowed, ...ENDINGS]);
  });

  test('documents complete but the applicant not eligible: no confirmation offered', () => {
    const snap = run(assessed('self_funded', 'noEnglish'), [
      ...applicationDocuments('self_funded'),
      attach('english_certificate'),
    ]);
    expect(leaves(snap)).toContain('eligibilityReview.documents.complete');
    expect(allowedActions(snap, FIXED_AT).map((a) => a.type)).not.toContain('CONFIRM_ELIGIBILITY');
  });

  test('a failed audition: rejected, nothing left to do', () => {
    const snap = run(audition(), [ev('RECORD_AUDITION_FAILED', 'snss')]);
    expect(stageLabel(snap)).toBe('Rejected');
    expect(allowedActions(snap, FIXED_AT)).toEqual([]);
  });
});

describe('view of the later stages', () => {
  test('the initial snapshot', () => {
    const snap = start(combo);
    expect(stageOf(snap.value)).toBe('application');
    expect(stageLabel(snap)).toBe('Application');
    expect(leaves(snap)).toEqual(['application']);
    expect(activeDeadlines(snap)).toEqual([]);
    expect(allowedActions(snap, FIXED_AT)).toEqual([
      { type: 'SUBMIT_APPLICATION', roles: UPLOADERS },
      ...ENDINGS,
    ]);
  });

  test('competition', () => {
    const snap = upTo('SELECT_FOR_PLACEMENT');
    expect(stageLabel(snap)).toBe('Competition');
    expect(allowedActions(snap, FIXED_AT)).toEqual([
      { type: 'SELECT_FOR_PLACEMENT', roles: DI },
      { type: 'DECLARE_NOT_SELECTED', roles: DI },
      ...ENDINGS,
    ]);
  });

  test('awaiting the invitation letter', () => {
    const snap = upTo('RECORD_INVITATION_LETTER');
    expect(stageOf(snap.value)).toBe('placement');
    expect(leaves(snap)).toEqual(['placement.awaitingInvitation']);
    expect(activeDeadlines(snap)).toEqual([
      {
        id: 'invitationLetter',
        timing: 'invitationLetterDays',
        escalation: { to: 'di_officer', template: 'invitationLetterOverdue' },
        responsible: 'di_officer',
        what: "the partner's invitation letter",
      },
    ]);
    expect(allowedActions(snap, FIXED_AT).map((a) => a.type)).toEqual([
      'RECORD_INVITATION_LETTER',
      'RECORD_PARTNER_DECLINED',
      'WITHDRAW',
      'CANCEL',
      'EXTEND_DEADLINE',
    ]);
  });

  test('pre-departure: parallel leaves, no signing before the curriculum, grant for mshe', () => {
    const snap = upTo('APPROVE_LEAVE');
    expect(stageLabel(snap)).toBe('Pre-departure');
    expect(leaves(snap)).toEqual([
      'preDeparture.leave.pending',
      'preDeparture.curriculum.drafting',
      'preDeparture.learningAgreement.pending',
      'preDeparture.visa.pending',
      'preDeparture.tuition.notRequired',
      'preDeparture.grant.pending',
    ]);
    expect(activeDeadlines(snap)).toEqual([]);
    // The partner's learning agreement may be uploaded at once; signing waits for the curriculum.
    expect(allowedActions(snap, FIXED_AT)).toEqual([
      { type: 'ATTACH_DOCUMENT', roles: ['student', 'di_officer', 'partner'] },
      { type: 'APPROVE_LEAVE', roles: ['vice_rector'] },
      { type: 'REFUSE_LEAVE', roles: ['vice_rector'] },
      { type: 'AGREE_CURRICULUM', roles: ['dean_office'] },
      { type: 'RECORD_VISA', roles: UPLOADERS },
      { type: 'DISBURSE_GRANT', roles: ['finance'] },
      ...ENDINGS,
    ]);
  });

  test('return: the return-documents deadline and the mshe financial report', () => {
    const snap = upTo('SUBMIT_RETURN_APPLICATION');
    expect(stageLabel(snap)).toBe('Return');
    expect(activeDeadlines(snap)).toEqual([
      {
        id: 'returnDocuments',
        timing: 'returnDocumentsDays',
        escalation: { to: 'di_officer', template: 'returnDocumentsOverdue' },
        responsible: 'student',
        what: 'the return documents',
      },
    ]);
    // The financial report and its receipts are uploaded before finance can accept the spend.
    expect(allowedActions(snap, FIXED_AT)).toEqual([
      { type: 'ATTACH_DOCUMENT', roles: ['student', 'finance'] },
      { type: 'SUBMIT_RETURN_APPLICATION', roles: UPLOADERS },
      { type: 'RECORD_PARTNER_TRANSCRIPT', roles: ['di_officer', 'partner'] },
      ...ENDINGS,
      EXTENSION,
    ]);
    const papers = financialReport().filter((e) => e.type !== 'ACCEPT_FINANCIAL_REPORT');
    expect(allowedActions(run(snap, papers), FIXED_AT)).toContainEqual({
      type: 'ACCEPT_FINANCIAL_REPORT',
      roles: ['finance'],
    });
  });

  test('credit recalculation: no withdrawal any more', () => {
    const snap = upTo('RECALCULATE_CREDITS');
    expect(stageLabel(snap)).toBe('Credit recalculation');
    expect(allowedActions(snap, FIXED_AT)).toEqual([{ type: 'RECALCULATE_CREDITS', roles: ['dean_office'] }]);
  });

  test('funds reconciliation and the closed case', () => {
    const reconciling = run(start(combo), [...before(path, 'DEPART'), ev('WITHDRAW', 'student')]);
    expect(stageLabel(reconciling)).toBe('Funds reconciliation');
    expect(allowedActions(reconciling, FIXED_AT)).toEqual([{ type: 'RECONCILE_FUNDS', roles: ['finance'] }]);
    const closed = run(start(combo), path);
    expect(closed.status).toBe('done');
    expect(stageLabel(closed)).toBe('Closed');
    expect(leafPaths(closed.value)).toEqual(['closed']);
    expect(allowedActions(closed, FIXED_AT)).toEqual([]);
    expect(activeDeadlines(closed)).toEqual([]);
  });
});

/** What the machine accepts, probed with complete events: what `allowedActions` must report. */
/** An upload is offered when a new file of some kind would be taken: every kind, as a file the case lacks. */
const variants = (e: MachineEvent): MachineEvent[] =>
  e.type === 'ATTACH_DOCUMENT'
    ? DocumentKind.options.map((kind) => ({ ...e, document: fileOf(kind, 999) }))
    : e.type === 'REQUEST_LEARNING_AGREEMENT_CHANGE'
      ? // A change is offered when some new plan would be taken: the explored one, or the seed plan back.
        [e, { ...e, matches: SEED_MATCHES }]
      : e.type === 'ACCEPT_FINANCIAL_REPORT'
        ? // A report is offered when one would be taken: the explored spend, or nothing spent (no receipts).
          [e, { ...e, spend: { flight: 0, accommodation: 0, insurance: 0, visa: 0 } }]
        : [e];

function acceptedWithFullEvents(snap: Snap): { type: CaseEventType; roles: StaffRole[] }[] {
  const byType = new Map<CaseEventType, Set<StaffRole>>();
  for (const event of ALL_EVENTS) {
    if (snap.status !== 'active' || !variants(event).some((v) => snap.can(v))) continue;
    const type = event.type as CaseEventType;
    byType.set(type, (byType.get(type) ?? new Set()).add(event.actor.role as StaffRole));
  }
  return [...byType].map(([type, roles]) => ({ type, roles: [...roles] }));
}

describe.each(COMBOS.flatMap((c) => PROFILES.map((profile) => ({ combo: c, profile }))))(
  'every reachable state of $combo with a $profile record',
  ({ combo: c, profile }) => {
    const snapshots = reachableSnapshots(c, profile);
    test('allowedActions, probing with bare events, matches the complete events the machine accepts', () => {
      for (const snap of snapshots)
        expect(allowedActions(snap, FIXED_AT)).toEqual(acceptedWithFullEvents(snap));
    });
    test('every stage has a label', () => {
      for (const snap of snapshots) expect(stageLabel(snap)).not.toBe(stageOf(snap.value));
    });
  },
);
