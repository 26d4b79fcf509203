import type { FundingTrack } from '../../domain/case';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { stageOf } from '../../machines/outgoing-case/view';
import { FIXED_AT, policy } from '../helpers/fixtures';
import {
  ELIGIBLE_COMBOS,
  callDecision,
  HAPPY_COMBOS,
  ev,
  inputFor,
  region,
  rolesAccepting,
  run,
  start,
  step,
  type Basis,
  type Combo,
  type Snap,
  stateOf,
} from './support';
import { SEED_FACTS, SEED_MATCHES } from '../helpers/curricula';
import { before, financialReport, happyPath, learningAgreementSigned, recordFor } from './paths';

/** Carries a case of `combo` (read with a record of `recordBasis`) up to the first happy-path event `until`. */
function upTo(combo: Combo, until: MachineEvent['type'], recordBasis: Basis = combo[1]): Snap {
  return run(start(combo), before(happyPath(combo[0], combo[1], recordFor(recordBasis)), until));
}

describe('happy path per track', () => {
  test.each(HAPPY_COMBOS)('%s / %s goes from application to closed', (...combo) => {
    const stages: string[] = [];
    let snap = start(combo);
    stages.push(stageOf(snap.value));
    for (const event of happyPath(...combo)) {
      snap = run(snap, [event]);
      if (stages.at(-1) !== stageOf(snap.value)) stages.push(stageOf(snap.value));
    }
    expect(stages).toEqual([
      'application',
      'eligibilityReview',
      'competition',
      'placement',
      'preDeparture',
      'readyToDepart',
      'mobility',
      'return',
      'creditRecalculation',
      'issuingStatement',
      'closed',
    ]);
    expect(stateOf(snap)).toBe('closed');
    expect(snap.status).toBe('done');
    expect(snap.context).toMatchObject({
      appliedAt: FIXED_AT,
      record: recordFor(combo[1]),
      recordProblem: null,
      eligibility: { eligible: true, englishEvidence: 'transcript', at: FIXED_AT },
      confirmedItems: combo[0] === 'mshe' ? ['paper_folder'] : [],
      partner: { id: 'tum', name: 'Technical University of Munich' },
      // The seed plan: philosophy a credit short, web development unmatched; IN0009 failed at TUM.
      curriculum: { creditsPlanned: 27, creditsRequired: 30, retakeCourses: ['HUM2010', 'CSE2990'] },
      credits: { creditsTransferred: 16, retakeCourses: ['HUM2010', 'CSE2990', 'CSE2250'] },
      grantDisbursed: combo[0] === 'mshe',
      outcome: null,
    });
    // The checklist, the partner's learning agreement and, for MSHE, the financial report and four receipts.
    expect(snap.context.documents).toHaveLength(combo[0] === 'mshe' ? 11 : 3);
    expect(snap.context.learningAgreements?.map((la) => la.signatures.map((x) => x.party))).toEqual([
      ['student', 'sending', 'receiving'],
    ]);
  });
});

/** Who sends each pre-departure event in these tests; the learning agreement is a template and three signatures. */
const roleFor = {
  APPROVE_LEAVE: 'vice_rector',
  AGREE_CURRICULUM: 'dean_office',
  RECORD_VISA: 'student',
  CONFIRM_TUITION_PREPAID: 'finance',
  DISBURSE_GRANT: 'finance',
} as const;
type PreDepartureEvent = keyof typeof roleFor | 'SIGN_LEARNING_AGREEMENT';
const eventsOf = (type: PreDepartureEvent): MachineEvent[] =>
  type === 'SIGN_LEARNING_AGREEMENT' ? learningAgreementSigned() : [ev(type, roleFor[type])];

describe('pre-departure regions', () => {
  // Tuition follows the registrar's record, not the basis the case was opened with; MSHE needs a state grant.
  const tuitionCases = (['self_funded', 'erasmus', 'mshe'] as FundingTrack[]).flatMap((track) =>
    (['paid', 'state_grant'] as const).flatMap((opened) =>
      (track === 'mshe' ? (['state_grant'] as const) : (['paid', 'state_grant'] as const)).map(
        (read) => [track, opened, read] as const,
      ),
    ),
  );
  test.each(tuitionCases)('%s opened as %s, record %s: tuition and grant', (track, opened, read) => {
    const snap = upTo([track, opened], 'APPROVE_LEAVE', read);
    expect(region(snap, 'tuition')).toBe(read === 'paid' ? 'pending' : 'notRequired');
    expect(region(snap, 'grant')).toBe(track === 'mshe' ? 'pending' : 'notRequired');
    expect(rolesAccepting(snap, 'CONFIRM_TUITION_PREPAID')).toEqual(read === 'paid' ? ['finance'] : []);
    expect(rolesAccepting(snap, 'DISBURSE_GRANT')).toEqual(track === 'mshe' ? ['finance'] : []);
  });

  test('a policy without tuition prepayment asks a paid-basis student for none', () => {
    const combo: Combo = ['self_funded', 'paid'];
    const input = { ...inputFor(combo), policy: { ...policy, paidBasisPrepaysTuition: false } };
    const snap = run(start(combo, input), before(happyPath(...combo), 'APPROVE_LEAVE'));
    expect(region(snap, 'tuition')).toBe('notRequired');
    expect(rolesAccepting(snap, 'CONFIRM_TUITION_PREPAID')).toEqual([]);
  });

  const required = (track: string, basis: string): PreDepartureEvent[] => [
    'APPROVE_LEAVE',
    'AGREE_CURRICULUM',
    'SIGN_LEARNING_AGREEMENT',
    'RECORD_VISA',
    ...(basis === 'paid' ? (['CONFIRM_TUITION_PREPAID'] as const) : []),
    ...(track === 'mshe' ? (['DISBURSE_GRANT'] as const) : []),
  ];
  const omissions = ELIGIBLE_COMBOS.flatMap(([t, b]) =>
    required(t, b).map((missing) => [t, b, missing] as const),
  );
  test.each(omissions)('%s / %s: without %s the case stays in preDeparture', (track, basis, missing) => {
    let snap = upTo([track, basis], 'APPROVE_LEAVE');
    for (const type of required(track, basis).filter((t) => t !== missing)) {
      for (const event of eventsOf(type)) if (snap.can(event)) snap = step(snap, event)[0];
    }
    expect(stageOf(snap.value)).toBe('preDeparture');
    // Leaving the curriculum out also blocks the signatures, which must follow it (the template is in).
    const signatures = learningAgreementSigned().filter((e) => e.type === 'SIGN_LEARNING_AGREEMENT');
    snap = run(snap, [...eventsOf(missing), ...(missing === 'AGREE_CURRICULUM' ? signatures : [])]);
    expect(stateOf(snap)).toBe('readyToDepart');
  });

  test('the learning agreement can only be signed after the curriculum is agreed', () => {
    let snap = upTo(['erasmus', 'paid'], 'APPROVE_LEAVE');
    const sign = ev('SIGN_LEARNING_AGREEMENT', 'student');
    expect(snap.can(sign)).toBe(false);
    expect(stateOf(step(snap, sign)[0])).toEqual(stateOf(snap));
    snap = run(snap, [ev('RECORD_VISA', 'student'), ev('AGREE_CURRICULUM', 'dean_office')]);
    expect(region(snap, 'curriculum')).toBe('agreed');
    expect(snap.context.curriculum).toEqual({
      creditsPlanned: 27,
      creditsRequired: 30,
      retakeCourses: ['HUM2010', 'CSE2990'],
    });
    expect(rolesAccepting(snap, 'SIGN_LEARNING_AGREEMENT')).toEqual(['student', 'dean_office']);
    expect(region(run(snap, learningAgreementSigned()), 'learningAgreement')).toBe('signed');
  });

  test('regions complete in any order', () => {
    const snap = run(upTo(['mshe', 'state_grant'], 'APPROVE_LEAVE'), [
      ev('DISBURSE_GRANT', 'finance'),
      ev('RECORD_VISA', 'di_officer'),
      ev('AGREE_CURRICULUM', 'dean_office'),
      ...learningAgreementSigned(),
      ev('APPROVE_LEAVE', 'vice_rector'),
    ]);
    expect(stateOf(snap)).toBe('readyToDepart');
    expect(snap.context.grantDisbursed).toBe(true);
  });
});

describe('return region', () => {
  test.each(ELIGIBLE_COMBOS)('%s / %s: financial report only for mshe', (track, basis) => {
    let snap = upTo([track, basis], 'SUBMIT_RETURN_APPLICATION');
    expect(stageOf(snap.value)).toBe('return');
    expect(region(snap, 'financialReport')).toBe(track === 'mshe' ? 'pending' : 'notRequired');
    snap = run(snap, [
      ev('RECORD_PARTNER_TRANSCRIPT', 'partner'),
      ev('SUBMIT_RETURN_APPLICATION', 'di_officer'),
    ]);
    expect(stageOf(snap.value)).toBe(track === 'mshe' ? 'return' : 'creditRecalculation');
    // Finance accepts the report once it and a receipt per category spent are on the case.
    expect(rolesAccepting(snap, 'ACCEPT_FINANCIAL_REPORT')).toEqual([]);
    if (track !== 'mshe') return;
    const papers = financialReport().filter((e) => e.type !== 'ACCEPT_FINANCIAL_REPORT');
    expect(rolesAccepting(run(snap, papers), 'ACCEPT_FINANCIAL_REPORT')).toEqual(['finance']);
    expect(run(snap, financialReport()).value).toBe('creditRecalculation');
  });
});

describe('competition, placement, leave and mobility', () => {
  test('DECLARE_NOT_SELECTED rejects a confirmed applicant with the reason', () => {
    const snap = upTo(['self_funded', 'paid'], 'SELECT_FOR_PLACEMENT');
    expect(stateOf(snap)).toBe('competition');
    const next = run(snap, [ev('DECLARE_NOT_SELECTED', 'di_officer', { reason: 'ranked 12th of 8 places' })]);
    expect(stateOf(next)).toBe('rejected');
    expect(next.context.outcome).toMatchObject({ kind: 'rejected', reason: 'ranked 12th of 8 places' });
  });

  test.each([1, 2])(
    'version %i: a partner that declines sends the case back to nomination and clears the partner',
    (machineVersion) => {
      const combo: Combo = ['erasmus', 'paid'];
      const path = before(happyPath('erasmus', 'paid'), 'RECORD_INVITATION_LETTER');
      let snap = run(start(combo, { ...inputFor(combo), machineVersion }), path);
      expect(snap.context.partner).toEqual({ id: 'tum', name: 'Technical University of Munich' });
      expect(snap.context.joinedCall).toBe(false);
      snap = run(snap, [ev('RECORD_PARTNER_DECLINED', 'partner')]);
      expect(stateOf(snap)).toEqual({ placement: 'nomination' });
      expect(snap.context.partner).toBeNull();
      expect(rolesAccepting(snap, 'RECORD_INVITATION_LETTER')).toEqual([]);
      snap = run(snap, [ev('NOMINATE_TO_PARTNER', 'di_officer', { partnerId: 'kth', partnerName: 'KTH' })]);
      expect(snap.context.partner).toEqual({ id: 'kth', name: 'KTH' });
      expect(stageOf(run(snap, [ev('RECORD_INVITATION_LETTER', 'di_officer')]).value)).toBe('preDeparture');
    },
  );

  test('version 3: a partner that declines sends the case back to its call, which places it next', () => {
    let snap = upTo(['erasmus', 'paid'], 'RECORD_INVITATION_LETTER');
    expect(snap.context.joinedCall).toBe(true);
    const [declined, actions] = step(snap, ev('RECORD_PARTNER_DECLINED', 'partner'));
    expect(stateOf(declined)).toBe('competition');
    expect(declined.context.partner).toBeNull();
    expect(declined.context.callDecision).toBeNull();
    expect(actions.map((a) => a.type)).toContain('reportPartnerDeclined');
    expect(rolesAccepting(declined, 'NOMINATE_TO_PARTNER')).toEqual([]);
    // A call that has ended decides nothing more: then DI selects again.
    expect(rolesAccepting(declined, 'SELECT_FOR_PLACEMENT')).toEqual(['di_officer']);
    // The call's next decision: the student's next preference.
    snap = run(declined, [callDecision('selected', { placeId: 'kth', placeName: 'KTH', partnerId: 'kth' })]);
    expect(stateOf(snap)).toEqual({ placement: 'nomination' });
    const elsewhere = ev('NOMINATE_TO_PARTNER', 'di_officer');
    expect(snap.can(elsewhere)).toBe(false);
    snap = run(snap, [ev('NOMINATE_TO_PARTNER', 'di_officer', { partnerId: 'kth', partnerName: 'KTH' })]);
    expect(snap.context.partner).toEqual({ id: 'kth', name: 'KTH' });
  });

  test.each([
    ['waitlisted', 'competition', false],
    ['not_selected', 'rejected', false],
    ['selected', { placement: 'nomination' }, true],
  ] as const)('version 3: the call decides %s: the case is in %j', (outcome, state, dealtWith) => {
    const snap = upTo(['mshe', 'state_grant'], 'SELECT_FOR_PLACEMENT');
    const next = run(snap, [callDecision(outcome)]);
    expect(stateOf(next)).toEqual(state);
    expect(next.context.callDecision?.outcome).toBe(outcome);
    // DI follows the call: after a decision other than selected, DI's own selection is refused.
    expect(rolesAccepting(next, 'SELECT_FOR_PLACEMENT')).toEqual([]);
    expect(rolesAccepting(next, 'NOMINATE_TO_PARTNER')).toEqual(dealtWith ? ['di_officer'] : []);
    if (outcome === 'not_selected') expect(next.context.outcome?.kind).toBe('rejected');
  });

  test('a call decision from anyone but the system is refused', () => {
    const snap = upTo(['mshe', 'state_grant'], 'SELECT_FOR_PLACEMENT');
    const forged = { ...callDecision('selected'), actor: { id: 'di_officer-1', role: 'di_officer' } };
    expect(snap.can(forged as MachineEvent)).toBe(false);
  });

  test.each([0, 1, 2])('REFUSE_LEAVE rejects the case after %i other pre-departure steps', (n) => {
    const others = [ev('RECORD_VISA', 'student'), ev('AGREE_CURRICULUM', 'dean_office')].slice(0, n);
    const snap = run(upTo(['self_funded', 'paid'], 'APPROVE_LEAVE'), others);
    const next = run(snap, [ev('REFUSE_LEAVE', 'vice_rector', { reason: 'exams clash' })]);
    expect(stateOf(next)).toBe('rejected');
    expect(next.context.outcome).toEqual({
      kind: 'rejected',
      reason: 'exams clash',
      by: { id: 'vice_rector-1', role: 'vice_rector' },
    });
  });

  test('REFUSE_LEAVE is no longer possible once the case is ready to depart', () => {
    expect(rolesAccepting(upTo(['self_funded', 'paid'], 'DEPART'), 'REFUSE_LEAVE')).toEqual([]);
  });

  test('the learning agreement can change during mobility, and is counted', () => {
    let snap = upTo(['self_funded', 'state_grant'], 'END_MOBILITY');
    // Philosophy dropped, then taken again: each change a new plan, signed by both institutions.
    const plans = [SEED_MATCHES.slice(0, 4), SEED_MATCHES];
    for (const [i, matches] of plans.entries()) {
      const by = i === 0 ? 'student' : 'di_officer';
      snap = run(snap, [ev('REQUEST_LEARNING_AGREEMENT_CHANGE', by, { matches, facts: SEED_FACTS })]);
      expect(stateOf(snap)).toEqual({ mobility: 'learningAgreementChange' });
      expect(rolesAccepting(snap, 'END_MOBILITY')).toEqual([]);
      snap = run(snap, [ev('AGREE_LEARNING_AGREEMENT_CHANGE', 'dean_office')]);
      expect(stateOf(snap)).toEqual({ mobility: 'learningAgreementChange' });
      snap = run(snap, [ev('AGREE_LEARNING_AGREEMENT_CHANGE', 'partner')]);
      expect(stateOf(snap)).toEqual({ mobility: 'abroad' });
      expect(snap.context.learningAgreementChanges).toBe(i + 1);
      expect(snap.context.learningAgreements).toHaveLength(i + 2);
    }
    expect(stageOf(run(snap, [ev('END_MOBILITY', 'di_officer')]).value)).toBe('return');
  });
});
