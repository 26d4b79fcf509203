import { randomBytes } from 'node:crypto';
import { StaffRole, type Actor } from '../../domain/actor';
import type { CaseView } from '../../domain/case-view';
import type { DocumentKind } from '../../domain/document';
import { GRANT_CATEGORIES } from '../../domain/grant';
import type { CaseEventInput, CaseEventType } from '../../domain/events';
import { SEED_GRADES, SEED_MATCHES, SEED_PLAN } from './curricula';
import { alwaysOpenPolicy } from './fixtures';

export const STAFF_ROLES: StaffRole[] = StaffRole.options;

const REASON = { reason: 'a reason given for the record' };
/** The MSHE Europe allowances of both shipped policies, spent to the tenge: nothing to refund. */
export const EUROPE_SPENT_EXACTLY = {
  flight: 261_375,
  accommodation: 928_200,
  insurance: 53_550,
  visa: 40_800,
};

/** What each staff event must carry besides type and actor, with values every schema accepts. */
export const PAYLOAD: Partial<Record<CaseEventType, Record<string, unknown>>> = {
  RECORD_IELTS: { score: 6.5, testDate: '2026-03-14' },
  REJECT_APPLICATION: REASON,
  RECORD_AUDITION_FAILED: REASON,
  DECLARE_NOT_SELECTED: REASON,
  RECORD_PARTNER_DECLINED: REASON,
  REFUSE_LEAVE: REASON,
  WITHDRAW: REASON,
  CANCEL: REASON,
  NOMINATE_TO_PARTNER: { partnerId: 'tum', partnerName: 'Technical University of Munich' },
  AGREE_CURRICULUM: { ...SEED_PLAN, matches: SEED_MATCHES },
  REQUEST_LEARNING_AGREEMENT_CHANGE: { ...REASON, matches: SEED_MATCHES.slice(0, 4) },
  RECORD_PARTNER_TRANSCRIPT: { grades: SEED_GRADES },
  DISBURSE_GRANT: { region: 'europe' },
  ACCEPT_FINANCIAL_REPORT: { spend: EUROPE_SPENT_EXACTLY },
  RECONCILE_FUNDS: { spend: EUROPE_SPENT_EXACTLY },
  EXTEND_DEADLINE: { days: 7, ...REASON },
  RESEND_MESSAGE: { messageKey: '1-deadlineReminder-student', ...REASON },
};

/** Someone of `role` within the case's scope: its own student, its nominated partner, any office member. */
export function actorInScope(view: CaseView, role: StaffRole): Actor {
  const context = view.context as { student: { id: string }; partner: { id: string } | null };
  if (role === 'student') return { id: context.student.id, role };
  if (role === 'partner') return { id: context.partner?.id ?? 'no-partner-nominated', role };
  return { id: `${role.replace('_', '.')}.tour`, role };
}

/**
 * A well-formed `type` event from `actor` for the case `view` shows: an upload is a new file (a fresh
 * hash) of a kind the track's checklist asks for.
 */
const STAGE_UPLOAD: Partial<Record<string, DocumentKind>> = {
  preDeparture: 'learning_agreement',
  return: 'financial_report',
};

export function wellFormedEvent(view: CaseView, type: CaseEventType, actor: Actor): CaseEventInput {
  if (type === 'ATTACH_DOCUMENT') {
    // Before departure the partner's learning agreement, on return the financial report (version 6).
    const kind =
      STAGE_UPLOAD[view.stage] ?? alwaysOpenPolicy.tracks[view.track].requiredDocuments[0]!.anyOf[0]!;
    const document = {
      sha256: randomBytes(32).toString('hex'),
      kind,
      originalName: `${kind}.pdf`,
      mediaType: 'application/pdf',
      size: 1024,
    };
    return { type, actor, document } as CaseEventInput;
  }
  if (type === 'ACCEPT_FINANCIAL_REPORT')
    return { type, actor, spend: receiptedSpend(view) } as CaseEventInput;
  return { type, actor, ...PAYLOAD[type] } as CaseEventInput;
}

/** Version 6: what the receipts on the case back; a category without its receipt reports nothing spent. */
function receiptedSpend(view: CaseView) {
  const documents = (view.context as { documents?: { document: { kind: string } }[] }).documents ?? [];
  const held = (g: string) => documents.some((d) => d.document.kind === `receipt_${g}`);
  return Object.fromEntries(
    GRANT_CATEGORIES.map((g) => [g, held(g) ? EUROPE_SPENT_EXACTLY[g] : 0]),
  ) as typeof EUROPE_SPENT_EXACTLY;
}
