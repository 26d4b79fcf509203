import { refusalOf } from '../../machines/outgoing-case/refusal';
import { evaluateEligibility, factsFromRecord } from '../../machines/eligibility';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { FIXED_AT, fixedCall, policy } from '../helpers/fixtures';
import { applicationDocuments, assessed, failedRules as failed, recordFor, submitted } from './paths';
import {
  actionTypes,
  attach,
  ev,
  notifications,
  recordRead,
  recordUnavailable,
  region,
  rolesAccepting,
  run,
  start,
  step,
  submit,
  type Snap,
  stateOf,
} from './support';

describe('submission and the registrar record', () => {
  test.each(['student', 'di_officer'] as const)('SUBMIT_APPLICATION by %s starts both reviews', (role) => {
    const [snap, actions] = step(start(['erasmus', 'paid']), submit(role, '2026-09-02T09:30:00+05:00'));
    expect(stateOf(snap)).toEqual({
      eligibilityReview: { eligibility: 'readingRecord', documents: 'incomplete' },
    });
    expect(snap.context.appliedAt).toBe('2026-09-02T09:30:00+05:00');
    expect(snap.context.eligibility).toBeNull();
    expect(actionTypes(actions)).toContain('readStudentRecord');
  });

  test('the record read is stored and assessed at the submission moment, under the pinned policy', () => {
    const record = recordFor('paid');
    const snap = run(submitted('self_funded', 'paid'), [recordRead(record)]);
    expect(region(snap, 'eligibility')).toBe('assessed');
    expect(snap.context.record).toEqual(record);
    expect(snap.context.eligibility).toEqual(
      evaluateEligibility({
        facts: factsFromRecord(record),
        track: 'self_funded',
        call: fixedCall('self_funded'),
        at: FIXED_AT,
        policy,
      }),
    );
  });

  test('each read of the record tells the student the verdict', () => {
    const [, first] = step(submitted('self_funded'), recordRead(recordFor('state_grant')));
    expect(notifications(first)).toEqual([{ template: 'eligibilityAssessed', to: 'student' }]);
    const [rereading] = step(assessed('self_funded'), ev('REEVALUATE_ELIGIBILITY', 'di_officer'));
    const [, again] = step(rereading, recordRead(recordFor('state_grant', 'noEnglish')));
    expect(notifications(again)).toEqual([{ template: 'eligibilityAssessed', to: 'student' }]);
  });

  test('an unavailable record is noted; DI re-reads it, and a later read clears the problem', () => {
    let snap = run(submitted('mshe'), [recordUnavailable('registrar export timed out')]);
    expect(region(snap, 'eligibility')).toBe('recordUnavailable');
    expect(snap.context).toMatchObject({
      record: null,
      eligibility: null,
      recordProblem: 'registrar export timed out',
    });
    expect(rolesAccepting(snap, 'REEVALUATE_ELIGIBILITY')).toEqual(['di_officer']);
    expect(rolesAccepting(snap, 'RECORD_IELTS')).toEqual([]);
    const [again, actions] = step(snap, ev('REEVALUATE_ELIGIBILITY', 'di_officer'));
    expect(region(again, 'eligibility')).toBe('readingRecord');
    expect(actionTypes(actions)).toContain('readStudentRecord');
    snap = run(again, [recordRead(recordFor('state_grant'))]);
    expect(region(snap, 'eligibility')).toBe('assessed');
    expect(snap.context.recordProblem).toBeNull();
    expect(snap.context.eligibility?.eligible).toBe(true);
  });

  test('re-evaluation reads the record again and replaces the verdict', () => {
    const [reading, actions] = step(assessed('self_funded'), ev('REEVALUATE_ELIGIBILITY', 'di_officer'));
    expect(region(reading, 'eligibility')).toBe('readingRecord');
    expect(actionTypes(actions)).toContain('readStudentRecord');
    const snap = run(reading, [recordRead(recordFor('state_grant', 'transcript', { academicDebts: 1 }))]);
    expect(snap.context.record?.academicDebts).toBe(1);
    expect(snap.context.eligibility?.eligible).toBe(false);
    expect(failed(snap)).toEqual(['academic_debts']);
  });

  test('once the record is read, the system reports are refused until DI re-reads it', () => {
    const snap = assessed('self_funded');
    expect(snap.can(recordRead(recordFor('paid')))).toBe(false);
    expect(snap.can(recordUnavailable())).toBe(false);
  });
});

describe('the application window decides SUBMIT_APPLICATION, the verdict CONFIRM_ELIGIBILITY', () => {
  // The window of each track (self-funded from the policy, MSHE and Erasmus+ from the call) at the submission
  // moment: outside it the machine refuses the submission itself, naming the window.
  test.each([
    ['self_funded', '2026-08-31T23:59:59+05:00', false],
    ['self_funded', '2026-09-01T00:00:00+05:00', true],
    ['self_funded', '2026-08-31T19:00:00Z', true],
    ['self_funded', '2026-09-25T23:59:59+05:00', true],
    ['self_funded', '2026-09-26T00:00:00+05:00', false],
    ['erasmus', '2026-08-31T23:59:59+05:00', false],
    ['erasmus', '2026-10-15T23:59:59+05:00', true],
    ['erasmus', '2026-10-16T00:00:00+05:00', false],
    ['mshe', '2026-09-01T00:00:00+05:00', true],
    ['mshe', '2026-10-16T00:00:00+05:00', false],
  ] as const)('%s submitted at %s: within the window %s', (track, at, eligible) => {
    const open = start([track, 'state_grant']);
    const submission = submit('student', at);
    expect(open.can(submission)).toBe(eligible);
    if (!eligible) {
      expect(refusalOf(open, submission, at)).toMatchObject({
        type: 'ApplicationWindowClosed',
        message: expect.stringContaining('the application is refused'),
      });
      return;
    }
    const snap = run(submitted(track, 'state_grant', at), [
      recordRead(recordFor('state_grant')),
      ...applicationDocuments(track),
    ]);
    expect(region(snap, 'documents')).toBe('complete');
    expect(snap.context.eligibility).toMatchObject({ eligible, at });
    expect(failed(snap)).toEqual(eligible ? [] : ['application_window']);
    expect(rolesAccepting(snap, 'CONFIRM_ELIGIBILITY')).toEqual(eligible ? ['di_officer'] : []);
  });

  test.each([
    ['self_funded', { gpa: 2.5 }, []],
    ['self_funded', { gpa: 2.49 }, ['gpa']],
    ['self_funded', { academicDebts: 1 }, ['academic_debts']],
    ['erasmus', { financialDebts: 1 }, ['financial_debts']],
    ['erasmus', { school: 'BS' }, []],
    ['erasmus', { school: 'FEOGI' }, ['school']],
    ['mshe', { studyBasis: 'paid' }, ['state_grant']],
    ['mshe', { yearOfStudy: 1, semesterOfStudy: 1 }, ['year_of_study', 'mobility_semester']],
  ] as const)('%s with %j fails %j', (track, over, rules) => {
    const snap = run(assessed(track, 'transcript', over), applicationDocuments(track));
    expect(failed(snap)).toEqual(rules);
    expect(rolesAccepting(snap, 'CONFIRM_ELIGIBILITY')).toEqual(rules.length === 0 ? ['di_officer'] : []);
    expect(rolesAccepting(snap, 'REJECT_APPLICATION')).toEqual(['di_officer']);
  });

  const docs = applicationDocuments('self_funded').flat();
  const read = recordRead(recordFor('state_grant'));
  const reread = ev('REEVALUATE_ELIGIBILITY', 'di_officer');
  const row = (
    name: string,
    events: MachineEvent[],
    eligible: boolean | null,
    documents: string,
    confirmed: boolean,
  ) => ({
    name,
    events,
    eligible,
    documents,
    confirmed,
  });
  test.each([
    row('assessed, documents complete', [read, ...docs], true, 'complete', true),
    row('assessed, no passport scan', [read, ...docs.slice(0, -1)], true, 'incomplete', false),
    // While the record is re-read no verdict stands, so nothing shows B2 and a certificate is asked for.
    row('the record being re-read', [read, ...docs, reread], null, 'incomplete', false),
    // Without a verdict nothing shows B2 on the transcript, so an English certificate is asked for again.
    row(
      'the record unavailable on re-reading',
      [read, ...docs, reread, recordUnavailable()],
      null,
      'incomplete',
      false,
    ),
    row('the record not read yet', [...docs, ...attach('english_certificate')], null, 'complete', false),
  ])('$name: confirmed $confirmed', ({ events, eligible, documents, confirmed }) => {
    const snap = run(submitted('self_funded'), events);
    expect(region(snap, 'documents')).toBe(documents);
    // Where a verdict is on file it is eligible: the states alone block the confirmation. A record that
    // could not be re-read leaves no verdict standing.
    expect(snap.context.eligibility?.eligible ?? null).toBe(eligible);
    expect(rolesAccepting(snap, 'CONFIRM_ELIGIBILITY')).toEqual(confirmed ? ['di_officer'] : []);
    const [next] = step(snap, ev('CONFIRM_ELIGIBILITY', 'di_officer'));
    expect(stateOf(next)).toEqual(confirmed ? 'competition' : stateOf(snap));
  });
});

describe('REJECT_APPLICATION', () => {
  const where: [string, () => Snap][] = [
    ['readingRecord', () => submitted('self_funded')],
    ['recordUnavailable', () => run(submitted('self_funded'), [recordUnavailable()])],
    ['assessed', () => assessed('self_funded')],
    ['assessed, documents complete', () => run(assessed('mshe'), applicationDocuments('mshe'))],
    ['audition', () => run(assessed('erasmus', 'noEnglish'), [ev('REGISTER_FOR_AUDITION', 'student')])],
  ];
  test.each(where)('in %s rejects with the reason and tells the student', (_, at) => {
    const [next, actions] = step(at(), ev('REJECT_APPLICATION', 'di_officer', { reason: 'GPA below 2.5' }));
    expect(stateOf(next)).toBe('rejected');
    expect(next.context.outcome).toEqual({
      kind: 'rejected',
      reason: 'GPA below 2.5',
      by: { id: 'di_officer-1', role: 'di_officer' },
    });
    expect(notifications(actions)).toEqual([{ template: 'applicationRejected', to: 'student' }]);
  });
});
