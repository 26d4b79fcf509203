import type { Actor } from '../../domain/actor';
import type { FundingTrack } from '../../domain/case';
import type { DocumentKind } from '../../domain/document';
import type { CaseEventInput } from '../../domain/events';
import { ENGLISH_TRANSCRIPT, makeJpeg, makeTextPdf } from '../documents/fixtures';
import { EUROPE_SPENT_EXACTLY } from './events';
import { GRANT_CATEGORIES } from '../../domain/grant';
import { SEED_GRADES, SEED_MATCHES, SEED_PLAN } from './curricula';
import { as, NOMINATED_PARTNER } from './fixtures';

/** A document the student uploads, by kind; the bytes are made by `documentBytes`. */
export interface Upload {
  upload: DocumentKind;
  actor: Actor;
  /** Facts staff read off the document themselves, e.g. an IELTS band and test date. */
  fields?: { ieltsScore?: number; ieltsTestDate?: string };
}
export type Step = CaseEventInput | Upload;

export const isUpload = (s: Step): s is Upload => 'upload' in s;

/** A real file of each kind that passes its checks: an English transcript, a 1200x900 scan, short PDFs. */
export async function documentBytes(kind: DocumentKind): Promise<Uint8Array> {
  if (kind === 'transcript') return makeTextPdf(ENGLISH_TRANSCRIPT);
  if (kind === 'passport_scan') return makeJpeg(1200, 900);
  return makeTextPdf([`KBTU ${kind.replace(/_/g, ' ')}`, 'Aruzhan Test, year 2, Information Systems']);
}

/**
 * What the checklist of each track needs from an applicant with B2 on the transcript: self-funded and
 * Erasmus+ ask for no English certificate then; MSHE always does, and its paper folder is confirmed by DI.
 * The student uploads: pass the case's own (`studentOf(request)`); anyone else's uploads are refused.
 */
export function applicationDocuments(track: FundingTrack, student: Actor = as.student): Step[] {
  const kinds: DocumentKind[] =
    track === 'mshe'
      ? ['application_form', 'transcript', 'passport_scan', 'english_certificate', 'medical_certificate_072u']
      : ['transcript', 'passport_scan'];
  return [
    ...kinds.map((upload) => ({ upload, actor: student })),
    ...(track === 'mshe' ? [{ type: 'CONFIRM_PAPER_FOLDER', actor: as.di } as const] : []),
  ];
}

/**
 * Every step of a case that goes from application to closed (the README's tour), acting as `student`:
 * the case's own student (`studentOf(request)`), since a student may act only on their own case. The
 * case is nominated to `as.partner`, the only partner that may then act on it.
 */
export function happyPath(
  track: FundingTrack,
  studyBasis: 'state_grant' | 'paid',
  student: Actor = as.student,
): Step[] {
  return [
    { type: 'SUBMIT_APPLICATION', actor: student },
    ...applicationDocuments(track, student),
    { type: 'CONFIRM_ELIGIBILITY', actor: as.di },
    { type: 'SELECT_FOR_PLACEMENT', actor: as.di },
    {
      type: 'NOMINATE_TO_PARTNER',
      actor: as.di,
      partnerId: NOMINATED_PARTNER.id,
      partnerName: NOMINATED_PARTNER.name,
    },
    { type: 'RECORD_INVITATION_LETTER', actor: as.partner },
    { type: 'APPROVE_LEAVE', actor: as.viceRector },
    { type: 'AGREE_CURRICULUM', actor: as.dean, ...SEED_PLAN, matches: SEED_MATCHES },
    ...learningAgreementSigned(student),
    { type: 'RECORD_VISA', actor: student },
    ...(studyBasis === 'paid' ? [{ type: 'CONFIRM_TUITION_PREPAID', actor: as.finance } as const] : []),
    ...(track === 'mshe' ? [{ type: 'DISBURSE_GRANT', actor: as.finance, region: 'europe' } as const] : []),
    { type: 'DEPART', actor: as.di },
    { type: 'END_MOBILITY', actor: as.di },
    { type: 'SUBMIT_RETURN_APPLICATION', actor: student },
    { type: 'RECORD_PARTNER_TRANSCRIPT', actor: as.di, grades: SEED_GRADES },
    ...(track === 'mshe' ? financialReport(student) : []),
    { type: 'RECALCULATE_CREDITS', actor: as.dean },
  ];
}

/** Machine version 6: the partner's template on the case, then a signature for each party. */
export const learningAgreementSigned = (student: Actor = as.student): Step[] => [
  { upload: 'learning_agreement', actor: as.partner },
  { type: 'SIGN_LEARNING_AGREEMENT', actor: student },
  { type: 'SIGN_LEARNING_AGREEMENT', actor: as.dean },
  { type: 'SIGN_LEARNING_AGREEMENT', actor: as.partner },
];

/** Web development taken at TUM after all (IN2013): a change of the learning agreement during mobility. */
export const CHANGED_MATCHES = [...SEED_MATCHES, { kbtuCode: 'CSE2990', partnerCodes: ['IN2013'] }];

/** Version 6: the student proposes the changed plan; the dean's office and the partner sign it. */
export const learningAgreementChange = (student: Actor = as.student): Step[] => [
  {
    type: 'REQUEST_LEARNING_AGREEMENT_CHANGE',
    actor: student,
    reason: 'IN2013 opened a place',
    matches: CHANGED_MATCHES,
  },
  { type: 'AGREE_LEARNING_AGREEMENT_CHANGE', actor: as.dean },
  { type: 'AGREE_LEARNING_AGREEMENT_CHANGE', actor: as.partner },
];

/** The MSHE financial report: the report and a receipt per category, then finance accepts the spend. */
export const financialReport = (student: Actor = as.student): Step[] => [
  { upload: 'financial_report', actor: student },
  ...GRANT_CATEGORIES.map((g): Step => ({ upload: `receipt_${g}`, actor: student })),
  { type: 'ACCEPT_FINANCIAL_REPORT', actor: as.finance, spend: EUROPE_SPENT_EXACTLY },
];

/** The steps up to and including the first `type`. */
export function through(steps: Step[], type: CaseEventInput['type']): Step[] {
  const i = steps.findIndex((s) => !isUpload(s) && s.type === type);
  if (i < 0) throw new Error(`${type} is not on this path`);
  return steps.slice(0, i + 1);
}

/** The steps of `steps` strictly between the actions `from` and `to`. */
export function between(steps: Step[], from: CaseEventInput['type'], to: CaseEventInput['type']): Step[] {
  return through(steps, to).slice(through(steps, from).length, -1);
}

/** The audit entries a path writes, besides the system's own (record read, eligibility, reminders). */
export const auditedTypeOf = (s: Step): string => (isUpload(s) ? 'ATTACH_DOCUMENT' : s.type);

interface Cases {
  act(caseId: string, event: unknown): Promise<unknown>;
  upload(caseId: string, fields: unknown, bytes: Uint8Array): Promise<unknown>;
}

/** Takes a case through `steps` with the case client: actions as updates, uploads through the store. */
export async function drive(cases: Cases, caseId: string, steps: Step[]): Promise<void> {
  for (const s of steps) {
    if (isUpload(s)) {
      const fields = { kind: s.upload, actor: s.actor, fileName: `${s.upload}.bin`, ...s.fields };
      await cases.upload(caseId, fields, await documentBytes(s.upload));
    } else {
      await cases.act(caseId, s);
    }
  }
}
