import type { FundingTrack } from '../../domain/case';
import type { DocumentKind } from '../../domain/document';
import type { StudentRecord } from '../../domain/student-record';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { FIXED_AT, fixedRecord } from '../helpers/fixtures';
import { STUDENT_ID, attach, ev, recordRead, run, start, submit, type Basis, type Snap } from './support';

/** The paths the machine tests take a case along: registrar records, the checklist uploads, the happy path. */

/** Kinds of registrar record: English on the transcript (eligible everywhere), or no English evidence. */
export type Profile = 'transcript' | 'noEnglish';
export const PROFILES: readonly Profile[] = ['transcript', 'noEnglish'];

export const recordFor = (basis: Basis, profile: Profile = 'transcript', over: Partial<StudentRecord> = {}) =>
  fixedRecord(STUDENT_ID, basis, {
    ...(profile === 'noEnglish' ? { englishOnTranscript: null } : {}),
    ...over,
  });

/**
 * The uploads a track's checklist needs from an applicant with B2 on the transcript, and the paper folder:
 * one entry per step, an upload being its two events (the file, its check).
 */
export function applicationDocuments(track: FundingTrack): MachineEvent[][] {
  const kinds: DocumentKind[] =
    track === 'mshe'
      ? ['application_form', 'transcript', 'passport_scan', 'english_certificate', 'medical_certificate_072u']
      : ['transcript', 'passport_scan'];
  return [
    ...kinds.map((kind) => attach(kind)),
    ...(track === 'mshe' ? [[ev('CONFIRM_PAPER_FOLDER', 'di_officer')]] : []),
  ];
}

/** From application to a confirmed eligibility, with `record` read from the registrar. */
export const reviewPath = (track: FundingTrack, record: StudentRecord): MachineEvent[] => [
  submit(),
  recordRead(record),
  ...applicationDocuments(track).flat(),
  ev('CONFIRM_ELIGIBILITY', 'di_officer'),
];

/** Every event of a case that goes from application to closed. */
export function happyPath(track: FundingTrack, basis: Basis, record = recordFor(basis)): MachineEvent[] {
  return [
    ...reviewPath(track, record),
    ev('SELECT_FOR_PLACEMENT', 'di_officer'),
    ev('NOMINATE_TO_PARTNER', 'di_officer'),
    ev('RECORD_INVITATION_LETTER', 'partner'),
    ev('APPROVE_LEAVE', 'vice_rector'),
    ev('AGREE_CURRICULUM', 'dean_office', { retakeCourses: [] }),
    ev('SIGN_LEARNING_AGREEMENT', 'di_officer'),
    ev('RECORD_VISA', 'student'),
    ...(record.studyBasis === 'paid' ? [ev('CONFIRM_TUITION_PREPAID', 'finance')] : []),
    ...(track === 'mshe' ? [ev('DISBURSE_GRANT', 'finance')] : []),
    ev('DEPART', 'di_officer'),
    ev('END_MOBILITY', 'di_officer'),
    ev('SUBMIT_RETURN_APPLICATION', 'student'),
    ev('RECORD_PARTNER_TRANSCRIPT', 'di_officer'),
    ...(track === 'mshe' ? [ev('ACCEPT_FINANCIAL_REPORT', 'finance')] : []),
    ev('RECALCULATE_CREDITS', 'dean_office'),
  ];
}

/** The events of `path` before the first of type `type`. */
export function before(path: readonly MachineEvent[], type: MachineEvent['type']): MachineEvent[] {
  const i = path.findIndex((e) => e.type === type);
  if (i < 0) throw new Error(`${type} is not on this path`);
  return path.slice(0, i);
}

/** A case of `track` submitted at `at`, its record not read yet. */
export const submitted = (track: FundingTrack, basis: Basis = 'state_grant', at = FIXED_AT): Snap =>
  run(start([track, basis]), [submit('student', at)]);

/** A case of `track` whose state-grant record of `profile` (with `over`) has been read. */
export const assessed = (
  track: FundingTrack,
  profile: Profile = 'transcript',
  over: Partial<StudentRecord> = {},
): Snap => run(submitted(track), [recordRead(recordFor('state_grant', profile, over))]);

/** The eligibility rules the verdict on file fails. */
export const failedRules = (snap: Snap): string[] =>
  snap.context.eligibility!.rules.filter((r) => !r.passed).map((r) => r.id);
