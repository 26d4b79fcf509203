import type { CaseEventType } from '../../domain/events';
import { stageOf } from '../../machines/outgoing-case/view';
import { happyPath } from '../helpers/paths';
import {
  COMBOS,
  HAPPY_COMBOS,
  ev,
  notifications,
  rolesAccepting,
  run,
  start,
  step,
  type Combo,
  type Snap,
} from './support';

/** Carries a case of `combo` up to (not including) the first happy-path event of type `until`. */
function upTo(combo: Combo, until: CaseEventType): Snap {
  const events = happyPath(...combo);
  const i = events.findIndex((e) => e.type === until);
  if (i < 0) throw new Error(`${until} is not on the happy path of ${combo.join('/')}`);
  return run(start(combo), events.slice(0, i));
}

const region = (snap: Snap, name: string) =>
  (snap.value as Record<string, Record<string, string>>)[stageOf(snap.value)]![name];

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
      'closed',
    ]);
    expect(snap.value).toBe('closed');
    expect(snap.status).toBe('done');
    expect(snap.context).toMatchObject({
      partner: { id: 'tum', name: 'Technical University of Munich' },
      curriculum: { creditsPlanned: 30, creditsRequired: 30, retakeCourses: [] },
      credits: { creditsTransferred: 27, retakeCourses: ['CSE301'] },
      grantDisbursed: combo[0] === 'mshe',
      outcome: null,
    });
  });
});

/** Who sends each pre-departure event in these tests. */
const roleFor = {
  APPROVE_LEAVE: 'vice_rector',
  AGREE_CURRICULUM: 'dean_office',
  SIGN_LEARNING_AGREEMENT: 'di_officer',
  RECORD_VISA: 'student',
  CONFIRM_TUITION_PREPAID: 'finance',
  DISBURSE_GRANT: 'finance',
} as const;
type PreDepartureEvent = keyof typeof roleFor;

describe('pre-departure regions', () => {
  test.each(COMBOS)('%s / %s: tuition only for paid basis, grant only for mshe', (track, basis) => {
    const snap = upTo([track, basis], 'APPROVE_LEAVE');
    expect(region(snap, 'tuition')).toBe(basis === 'paid' ? 'pending' : 'notRequired');
    expect(region(snap, 'grant')).toBe(track === 'mshe' ? 'pending' : 'notRequired');
    expect(rolesAccepting(snap, 'CONFIRM_TUITION_PREPAID')).toEqual(basis === 'paid' ? ['finance'] : []);
    expect(rolesAccepting(snap, 'DISBURSE_GRANT')).toEqual(track === 'mshe' ? ['finance'] : []);
  });

  const required = (track: string, basis: string): PreDepartureEvent[] => [
    'APPROVE_LEAVE',
    'AGREE_CURRICULUM',
    'SIGN_LEARNING_AGREEMENT',
    'RECORD_VISA',
    ...(basis === 'paid' ? (['CONFIRM_TUITION_PREPAID'] as const) : []),
    ...(track === 'mshe' ? (['DISBURSE_GRANT'] as const) : []),
  ];
  const omissions = COMBOS.flatMap(([t, b]) => required(t, b).map((missing) => [t, b, missing] as const));
  test.each(omissions)('%s / %s: without %s the case stays in preDeparture', (track, basis, missing) => {
    let snap = upTo([track, basis], 'APPROVE_LEAVE');
    for (const type of required(track, basis).filter((t) => t !== missing)) {
      const event = ev(type, roleFor[type]);
      if (snap.can(event)) snap = step(snap, event)[0];
    }
    expect(stageOf(snap.value)).toBe('preDeparture');
    snap = run(snap, [ev(missing, roleFor[missing])]);
    // Leaving the curriculum out also blocks the learning agreement, which must follow it.
    if (missing === 'AGREE_CURRICULUM') snap = run(snap, [ev('SIGN_LEARNING_AGREEMENT', 'di_officer')]);
    expect(snap.value).toBe('readyToDepart');
  });

  test('the learning agreement can only be signed after the curriculum is agreed', () => {
    let snap = upTo(['erasmus', 'paid'], 'APPROVE_LEAVE');
    const sign = ev('SIGN_LEARNING_AGREEMENT', 'di_officer');
    expect(snap.can(sign)).toBe(false);
    expect(step(snap, sign)[0].value).toEqual(snap.value);
    snap = run(snap, [ev('RECORD_VISA', 'student'), ev('AGREE_CURRICULUM', 'dean_office')]);
    expect(region(snap, 'curriculum')).toBe('agreed');
    expect(snap.context.curriculum).toEqual({
      creditsPlanned: 30,
      creditsRequired: 30,
      retakeCourses: ['CSE201'],
    });
    expect(rolesAccepting(snap, 'SIGN_LEARNING_AGREEMENT')).toEqual(['di_officer']);
    expect(region(run(snap, [sign]), 'learningAgreement')).toBe('signed');
  });

  test('regions complete in any order', () => {
    const snap = run(upTo(['mshe', 'paid'], 'APPROVE_LEAVE'), [
      ev('DISBURSE_GRANT', 'finance'),
      ev('CONFIRM_TUITION_PREPAID', 'finance'),
      ev('RECORD_VISA', 'di_officer'),
      ev('AGREE_CURRICULUM', 'dean_office'),
      ev('SIGN_LEARNING_AGREEMENT', 'di_officer'),
      ev('APPROVE_LEAVE', 'vice_rector'),
    ]);
    expect(snap.value).toBe('readyToDepart');
    expect(snap.context.grantDisbursed).toBe(true);
  });
});

describe('return region', () => {
  test.each(COMBOS)('%s / %s: financial report only for mshe', (track, basis) => {
    let snap = upTo([track, basis], 'SUBMIT_RETURN_APPLICATION');
    expect(stageOf(snap.value)).toBe('return');
    expect(region(snap, 'financialReport')).toBe(track === 'mshe' ? 'pending' : 'notRequired');
    snap = run(snap, [
      ev('RECORD_PARTNER_TRANSCRIPT', 'partner'),
      ev('SUBMIT_RETURN_APPLICATION', 'di_officer'),
    ]);
    expect(stageOf(snap.value)).toBe(track === 'mshe' ? 'return' : 'creditRecalculation');
    expect(rolesAccepting(snap, 'ACCEPT_FINANCIAL_REPORT')).toEqual(track === 'mshe' ? ['finance'] : []);
    if (track === 'mshe')
      expect(run(snap, [ev('ACCEPT_FINANCIAL_REPORT', 'finance')]).value).toBe('creditRecalculation');
  });
});

describe('eligibility review and audition', () => {
  const checking = (combo: Combo) => run(start(combo), [ev('SUBMIT_APPLICATION', 'student')]);

  test.each(COMBOS)('%s / %s: the audition path is open unless the track is mshe', (track, basis) => {
    const snap = checking([track, basis]);
    expect(rolesAccepting(snap, 'REGISTER_FOR_AUDITION')).toEqual(
      track === 'mshe' ? [] : ['student', 'di_officer'],
    );
    const [next] = step(snap, ev('REGISTER_FOR_AUDITION', 'student'));
    expect(next.value).toEqual(track === 'mshe' ? snap.value : { eligibilityReview: 'audition' });
  });

  test('a passed audition returns to checking; eligibility is confirmed only after it', () => {
    let snap = run(checking(['self_funded', 'paid']), [ev('REGISTER_FOR_AUDITION', 'di_officer')]);
    expect(rolesAccepting(snap, 'CONFIRM_ELIGIBILITY')).toEqual([]);
    snap = run(snap, [ev('RECORD_AUDITION_PASSED', 'snss')]);
    expect(snap.value).toEqual({ eligibilityReview: 'checking' });
    expect(run(snap, [ev('CONFIRM_ELIGIBILITY', 'di_officer')]).value).toBe('competition');
  });

  test('a failed audition rejects the application with the reason', () => {
    const snap = run(checking(['erasmus', 'paid']), [ev('REGISTER_FOR_AUDITION', 'student')]);
    const [next, actions] = step(snap, ev('RECORD_AUDITION_FAILED', 'snss', { reason: 'audition below B2' }));
    expect(next.value).toBe('rejected');
    expect(next.status).toBe('done');
    expect(next.context.outcome).toEqual({
      kind: 'rejected',
      reason: 'audition below B2',
      by: { id: 'snss-1', role: 'snss' },
    });
    expect(notifications(actions)).toEqual([{ template: 'applicationRejected', to: 'student' }]);
  });

  test.each([
    ['REJECT_APPLICATION', ['SUBMIT_APPLICATION']],
    ['REJECT_APPLICATION', ['SUBMIT_APPLICATION', 'REGISTER_FOR_AUDITION']],
    ['DECLARE_NOT_SELECTED', ['SUBMIT_APPLICATION', 'CONFIRM_ELIGIBILITY']],
  ] as const)('%s after %j rejects with the reason', (type, before) => {
    const snap = run(
      start(['self_funded', 'paid']),
      before.map((t) => ev(t, t === 'SUBMIT_APPLICATION' ? 'student' : 'di_officer')),
    );
    const next = run(snap, [ev(type, 'di_officer', { reason: 'GPA below 2.5' })]);
    expect(next.value).toBe('rejected');
    expect(next.context.outcome).toMatchObject({ kind: 'rejected', reason: 'GPA below 2.5' });
  });
});

describe('placement, leave and mobility', () => {
  test('a partner that declines sends the case back to nomination and clears the partner', () => {
    let snap = upTo(['erasmus', 'paid'], 'RECORD_INVITATION_LETTER');
    expect(snap.context.partner).toEqual({ id: 'tum', name: 'Technical University of Munich' });
    snap = run(snap, [ev('RECORD_PARTNER_DECLINED', 'partner')]);
    expect(snap.value).toEqual({ placement: 'nomination' });
    expect(snap.context.partner).toBeNull();
    expect(rolesAccepting(snap, 'RECORD_INVITATION_LETTER')).toEqual([]);
    snap = run(snap, [ev('NOMINATE_TO_PARTNER', 'di_officer', { partnerId: 'kth', partnerName: 'KTH' })]);
    expect(snap.context.partner).toEqual({ id: 'kth', name: 'KTH' });
    expect(stageOf(run(snap, [ev('RECORD_INVITATION_LETTER', 'di_officer')]).value)).toBe('preDeparture');
  });

  test.each([0, 1, 2])('REFUSE_LEAVE rejects the case after %i other pre-departure steps', (n) => {
    const others = [ev('RECORD_VISA', 'student'), ev('AGREE_CURRICULUM', 'dean_office')].slice(0, n);
    const snap = run(upTo(['self_funded', 'paid'], 'APPROVE_LEAVE'), others);
    const next = run(snap, [ev('REFUSE_LEAVE', 'vice_rector', { reason: 'exams clash' })]);
    expect(next.value).toBe('rejected');
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
    for (const n of [1, 2]) {
      snap = run(snap, [ev('REQUEST_LEARNING_AGREEMENT_CHANGE', n === 1 ? 'student' : 'di_officer')]);
      expect(snap.value).toEqual({ mobility: 'learningAgreementChange' });
      expect(rolesAccepting(snap, 'END_MOBILITY')).toEqual([]);
      snap = run(snap, [ev('AGREE_LEARNING_AGREEMENT_CHANGE', 'dean_office')]);
      expect(snap.value).toEqual({ mobility: 'abroad' });
      expect(snap.context.learningAgreementChanges).toBe(n);
    }
    expect(stageOf(run(snap, [ev('END_MOBILITY', 'di_officer')]).value)).toBe('return');
  });
});
