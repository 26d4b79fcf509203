import type { FundingTrack } from '../../domain/case';
import type { DocumentKind } from '../../domain/document';
import { GRANT_CATEGORIES } from '../../domain/grant';
import type { StudentRecord } from '../../domain/student-record';
import type { MachineEvent } from '../../machines/outgoing-case/events';
import { FIXED_AT, fixedRecord } from '../helpers/fixtures';
import {
  STUDENT_ID,
  attach,
  ev,
  recordRead,
  run,
  start,
  statementIssued,
  submit,
  type Basis,
  type Snap,
} from './support';

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
    ev('AGREE_CURRICULUM', 'dean_office'),
    ...learningAgreementSigned(),
    ev('RECORD_VISA', 'student'),
    ...(record.studyBasis === 'paid' ? [ev('CONFIRM_TUITION_PREPAID', 'finance')] : []),
    ...(track === 'mshe' ? [ev('DISBURSE_GRANT', 'finance')] : []),
    ev('DEPART', 'di_officer'),
    ev('END_MOBILITY', 'di_officer'),
    ev('SUBMIT_RETURN_APPLICATION', 'student'),
    ev('RECORD_PARTNER_TRANSCRIPT', 'di_officer'),
    ...(track === 'mshe' ? financialReport() : []),
    ev('RECALCULATE_CREDITS', 'dean_office'),
    statementIssued(),
  ];
}

/** Version 6: the partner's template checked, then the student, the dean's office and the partner sign. */
export const learningAgreementSigned = (): MachineEvent[] => [
  ...attach('learning_agreement', { role: 'partner' }),
  ev('SIGN_LEARNING_AGREEMENT', 'student'),
  ev('SIGN_LEARNING_AGREEMENT', 'dean_office'),
  ev('SIGN_LEARNING_AGREEMENT', 'partner'),
];

/** The MSHE financial report and a receipt per category, each checked, then finance accepts the spend. */
export const financialReport = (): MachineEvent[] => [
  ...attach('financial_report'),
  ...GRANT_CATEGORIES.flatMap((g) => attach(`receipt_${g}`)),
  ev('ACCEPT_FINANCIAL_REPORT', 'finance'),
];

const STAGE_PAPERS = new Set([
  'learning_agreement',
  'financial_report',
  'receipt_flight',
  'receipt_accommodation',
  'receipt_insurance',
  'receipt_visa',
]);
const isStagePaper = (e: MachineEvent) =>
  (e.type === 'ATTACH_DOCUMENT' && STAGE_PAPERS.has(e.document.kind)) ||
  (e.type === 'DOCUMENT_CHECKED' && STAGE_PAPERS.has(e.verdict.kind));

/**
 * A path of the current machine as a case of an older `version` takes it: before version 6 the dean's
 * office agrees typed figures, DI records the signed learning agreement, the transcript carries no grades,
 * the financial report no papers, the credits are typed and no statement is issued.
 */
export function forVersion(path: readonly MachineEvent[], version: number): MachineEvent[] {
  if (version >= 6) return [...path];
  let signed = false;
  return path.flatMap((e): MachineEvent[] => {
    if (isStagePaper(e) || e.type === 'CREDIT_STATEMENT_ISSUED') return [];
    if (e.type === 'SIGN_LEARNING_AGREEMENT') {
      if (signed) return [];
      signed = true;
      return [ev('SIGN_LEARNING_AGREEMENT', 'di_officer')];
    }
    if (e.type === 'AGREE_CURRICULUM')
      return [ev('AGREE_CURRICULUM', 'dean_office', { ...NO_PLAN, creditsPlanned: 30, creditsRequired: 30 })];
    if (e.type === 'RECORD_PARTNER_TRANSCRIPT') return [{ ...e, grades: undefined }];
    if (e.type === 'RECALCULATE_CREDITS')
      return [
        ev('RECALCULATE_CREDITS', 'dean_office', { creditsTransferred: 27, retakeCourses: ['CSE301'] }),
      ];
    return [e];
  });
}
const NO_PLAN = { programme: undefined, semester: undefined, matches: undefined, facts: undefined };

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
