import type { FundingTrack } from '../../domain/case';
import { caseChecklist } from '../../machines/outgoing-case/rules';
import { stageOf } from '../../machines/outgoing-case/view';
import { FIXED_AT } from '../helpers/fixtures';
import { applicationDocuments, assessed, before, happyPath, recordFor, submitted } from './paths';
import {
  actorOf,
  attach,
  ev,
  fileOf,
  recordRead,
  recordUnavailable,
  region,
  rolesAccepting,
  run,
  start,
  verdictOf,
  type Snap,
  stateOf,
} from './support';

const lines = (snap: Snap) => caseChecklist(snap.context).lines;
const statuses = (snap: Snap) => Object.fromEntries(lines(snap).map((l) => [l.id, l.status]));
const confirmable = (snap: Snap) => rolesAccepting(snap, 'CONFIRM_ELIGIBILITY').length > 0;

describe("each track's checklist", () => {
  const TRACKS: FundingTrack[] = ['self_funded', 'erasmus', 'mshe'];
  const omissions = TRACKS.flatMap((track) =>
    applicationDocuments(track).map(([event], i) => ({
      track,
      i,
      name: `${track} without ${event!.type === 'ATTACH_DOCUMENT' ? event!.document.kind : event!.type}`,
    })),
  );
  test.each(omissions)('$name: documents stay incomplete until it comes', ({ track, i }) => {
    const docs = applicationDocuments(track);
    let snap = run(
      assessed(track),
      docs.filter((_, k) => k !== i),
    );
    expect(region(snap, 'documents')).toBe('incomplete');
    expect(snap.context.eligibility?.eligible).toBe(true);
    expect(confirmable(snap)).toBe(false);
    snap = run(snap, [docs[i]!]);
    expect(region(snap, 'documents')).toBe('complete');
    expect(confirmable(snap)).toBe(true);
  });

  test.each([
    ['self_funded', ['transcript', 'passport_scan']],
    ['erasmus', ['transcript', 'passport_scan']],
    [
      'mshe',
      [
        'application_form',
        'transcript',
        'passport_scan',
        'english_evidence',
        'medical_certificate_072u',
        'paper_folder',
        'social_priority',
      ],
    ],
  ] as const)('%s with B2 on the transcript needs %j', (track, items) => {
    const snap = assessed(track);
    expect(lines(snap).map((l) => l.id)).toEqual(items);
    expect(new Set(lines(snap).map((l) => l.status))).toEqual(new Set(['missing']));
  });

  // Until the record shows the transcript's English, self-funded and Erasmus+ ask for an English certificate.
  test.each([
    ['self_funded', 'incomplete', 'complete'],
    ['erasmus', 'incomplete', 'complete'],
    ['mshe', 'incomplete', 'incomplete'],
  ] as const)('%s: transcript and passport scan before and after the record is read', (track, was, is) => {
    const docs = [attach('transcript'), attach('passport_scan')];
    const reading = run(submitted(track), docs);
    expect(lines(reading).some((l) => l.id === 'english_evidence')).toBe(true);
    expect(region(reading, 'documents')).toBe(was);
    const read = run(reading, [recordRead(recordFor('state_grant'))]);
    expect(read.context.eligibility?.englishEvidence).toBe('transcript');
    expect(region(read, 'documents')).toBe(is);
  });
});

describe('uploads', () => {
  test.each(['student', 'di_officer'] as const)('an upload by %s is kept with its check', (role) => {
    const snap = run(assessed('erasmus'), [attach('passport_scan', { role })]);
    expect(snap.context.documents).toEqual([
      {
        document: { ...fileOf('passport_scan'), uploadedBy: actorOf(role), uploadedAt: FIXED_AT },
        verdict: verdictOf('passport_scan'),
      },
    ]);
  });

  test('a refused document, then its resubmission', () => {
    let snap = run(assessed('self_funded'), [
      attach('passport_scan'),
      attach('transcript', { accepted: false }),
    ]);
    expect(region(snap, 'documents')).toBe('incomplete');
    expect(lines(snap)[0]).toEqual({
      id: 'transcript',
      label: 'English transcript for every completed semester',
      optional: false,
      status: 'refused',
      sha256: fileOf('transcript').sha256,
      reasons: ['the PDF cannot be read'],
    });
    expect(confirmable(snap)).toBe(false);
    snap = run(snap, [attach('transcript', { n: 1 })]);
    expect(statuses(snap)).toEqual({ transcript: 'accepted', passport_scan: 'accepted' });
    expect(region(snap, 'documents')).toBe('complete');
    expect(snap.context.documents.map((d) => d.verdict.accepted)).toEqual([true, false, true]);
  });

  test('a refused resubmission undoes an accepted document, and the review waits again', () => {
    let snap = run(assessed('self_funded'), applicationDocuments('self_funded'));
    expect(region(snap, 'documents')).toBe('complete');
    snap = run(snap, [attach('transcript', { accepted: false, n: 1 })]);
    expect(region(snap, 'documents')).toBe('incomplete');
    expect(statuses(snap)).toEqual({ transcript: 'refused', passport_scan: 'accepted' });
    expect(confirmable(snap)).toBe(false);
    expect(region(run(snap, [attach('transcript', { n: 2 })]), 'documents')).toBe('complete');
  });

  const where: [string, () => Snap][] = [
    ['readingRecord', () => submitted('self_funded')],
    ['recordUnavailable', () => run(submitted('self_funded'), [recordUnavailable()])],
    ['assessed', () => assessed('self_funded')],
    ['audition', () => run(assessed('self_funded', 'noEnglish'), [ev('REGISTER_FOR_AUDITION', 'student')])],
  ];
  test.each(where)('are taken while the eligibility region is in %s', (_, at) => {
    const snap = at();
    expect(rolesAccepting(snap, 'ATTACH_DOCUMENT')).toEqual(['student', 'di_officer']);
    const next = run(snap, [attach('transcript')]);
    expect(next.context.documents).toHaveLength(1);
    expect(region(next, 'eligibility')).toBe(region(snap, 'eligibility'));
  });

  const path = happyPath('mshe', 'state_grant');
  test.each(['SUBMIT_APPLICATION', 'SELECT_FOR_PLACEMENT', 'APPROVE_LEAVE', 'END_MOBILITY'] as const)(
    'are refused before %s, outside the review',
    (type) => {
      const snap = run(start(['mshe', 'state_grant']), before(path, type));
      expect(stageOf(snap.value)).not.toBe('eligibilityReview');
      expect(rolesAccepting(snap, 'ATTACH_DOCUMENT')).toEqual([]);
      expect(snap.can(attach('transcript')[0]!)).toBe(false);
    },
  );
});

describe('English evidence among the documents', () => {
  const ielts = { score: 7, testDate: '2026-05-02' };
  const noEnglish = () => run(assessed('self_funded', 'noEnglish'), applicationDocuments('self_funded'));
  test.each([
    ['accepted, with the band read', { ielts }, true, 'accepted', true],
    ['accepted, expired', { ielts: { score: 7, testDate: '2024-01-01' } }, true, 'accepted', false],
    ['accepted, without a band', {}, false, 'accepted', false],
    ['refused, with the band read', { ielts, accepted: false }, false, 'refused', false],
  ] as const)('an IELTS certificate %s', (_, o, recorded, line, eligible) => {
    const snap = run(noEnglish(), [attach('ielts_certificate', o)]);
    expect(snap.context.english.ielts).toEqual(recorded ? o.ielts : null);
    expect(statuses(snap).english_evidence).toBe(line);
    expect(region(snap, 'documents')).toBe(line === 'accepted' ? 'complete' : 'incomplete');
    expect(snap.context.eligibility?.eligible).toBe(eligible);
    expect(confirmable(snap)).toBe(eligible);
  });

  test('an IELTS result staff record is evidence, but its certificate is still to be uploaded', () => {
    let snap = run(noEnglish(), [ev('RECORD_IELTS', 'di_officer')]);
    expect(snap.context.eligibility).toMatchObject({ eligible: true, englishEvidence: 'ielts' });
    expect(statuses(snap).english_evidence).toBe('missing');
    expect(confirmable(snap)).toBe(false);
    snap = run(snap, [attach('ielts_certificate')]);
    expect(confirmable(snap)).toBe(true);
  });

  test.each(['self_funded', 'erasmus'] as const)(
    '%s: a passed audition issues the English certificate and completes the checklist',
    (track) => {
      let snap = run(assessed(track, 'noEnglish'), [
        ...applicationDocuments(track),
        ev('REGISTER_FOR_AUDITION', 'student'),
      ]);
      expect(statuses(snap).english_evidence).toBe('missing');
      expect(region(snap, 'documents')).toBe('incomplete');
      snap = run(snap, [ev('RECORD_AUDITION_PASSED', 'snss')]);
      expect(lines(snap).find((l) => l.id === 'english_evidence')).toMatchObject({
        status: 'accepted',
        reasons: ['issued by SNSS after the English audition'],
      });
      expect(region(snap, 'documents')).toBe('complete');
      expect(stateOf(run(snap, [ev('CONFIRM_ELIGIBILITY', 'di_officer')]))).toBe('competition');
    },
  );
});

describe('the MSHE paper folder', () => {
  test.each(['self_funded', 'erasmus', 'mshe'] as const)('%s: only MSHE awaits it, once', (track) => {
    const snap = submitted(track);
    expect(rolesAccepting(snap, 'CONFIRM_PAPER_FOLDER')).toEqual(track === 'mshe' ? ['di_officer'] : []);
    if (track !== 'mshe') return;
    const confirmed = run(snap, [ev('CONFIRM_PAPER_FOLDER', 'di_officer')]);
    expect(confirmed.context.confirmedItems).toEqual(['paper_folder']);
    expect(lines(confirmed).find((l) => l.id === 'paper_folder')).toMatchObject({
      status: 'accepted',
      reasons: ['confirmed by staff'],
    });
    expect(rolesAccepting(confirmed, 'CONFIRM_PAPER_FOLDER')).toEqual([]);
  });

  test('every MSHE upload without the paper folder leaves the documents incomplete', () => {
    const uploads = applicationDocuments('mshe').filter(([e]) => e!.type === 'ATTACH_DOCUMENT');
    const snap = run(assessed('mshe'), uploads);
    expect(region(snap, 'documents')).toBe('incomplete');
    expect(lines(snap).filter((l) => l.status !== 'accepted')).toEqual([
      expect.objectContaining({
        id: 'paper_folder',
        status: 'missing',
        reasons: ['awaiting staff confirmation'],
      }),
      expect.objectContaining({ id: 'social_priority', optional: true, status: 'missing' }),
    ]);
  });

  test('social-priority documents are taken when given and never awaited', () => {
    const uploads = applicationDocuments('mshe').filter(([e]) => e!.type === 'ATTACH_DOCUMENT');
    const complete = run(assessed('mshe'), [...uploads, ev('CONFIRM_PAPER_FOLDER', 'di_officer')]);
    expect(region(complete, 'documents')).toBe('complete');
    const withPriority = run(complete, [attach('social_priority')]);
    expect(region(withPriority, 'documents')).toBe('complete');
    expect(lines(withPriority).find((l) => l.id === 'social_priority')?.status).toBe('accepted');
  });
});
