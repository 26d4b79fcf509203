import type { DocumentKind } from '../../domain/document';
import { GRANT_CATEGORIES } from '../../domain/grant';
import type { FieldIssue } from '../../domain/issues';
import { conflict, invalidField, REFUSAL, type Refusal } from '../shared/refusal';
import type { OutgoingCaseContext } from './context';
import type { MachineEvent } from './events';
import { keepsLearningAgreement, proposedChange, signatureProblem } from './learning-agreement';

/**
 * The conditions of machine version 6 after selection: who signs the learning agreement and its changes,
 * the documents each stage takes, and the receipts a financial report needs. Merged into CONDITIONS.
 */
type Check = (c: OutgoingCaseContext, e: MachineEvent) => boolean;
type Condition = {
  holds: Check;
  refusal: (c: OutgoingCaseContext, e: MachineEvent) => Refusal;
  applies?: (c: OutgoingCaseContext) => boolean;
};
const before6 = (c: OutgoingCaseContext) => !keepsLearningAgreement(c);

const v = (c: OutgoingCaseContext) => c.machineVersion ?? 1;
// allowedActions probes with bare events: an upload may carry no document.
const attachedKind = (e: MachineEvent) =>
  e.type === 'ATTACH_DOCUMENT' ? (e.document as typeof e.document | undefined)?.kind : undefined;
const accepted = (c: OutgoingCaseContext, kind: DocumentKind) =>
  c.documents.some((d) => d.document.kind === kind && d.verdict.accepted);

const FINANCIAL_KINDS: readonly DocumentKind[] = [
  'financial_report',
  ...GRANT_CATEGORIES.map((g) => `receipt_${g}` as DocumentKind),
];

/** A problem with a field is a 400 naming it; one about the case's state is a 409. */
const refusalOfIssue = (issue: FieldIssue) =>
  issue.path === 'type' ? conflict(issue.message) : invalidField(issue.path, issue.message);

/** The first missing paper of a financial report, by the spend field it backs. */
function missingReceipt(c: OutgoingCaseContext, e: MachineEvent): FieldIssue | null {
  if (e.type !== 'ACCEPT_FINANCIAL_REPORT' || !e.spend) return null;
  if (!accepted(c, 'financial_report'))
    return {
      path: 'type',
      message: 'upload the financial report itself (kind financial_report) before finance accepts it',
    };
  const spend = e.spend;
  const unbacked = GRANT_CATEGORIES.find((g) => spend[g] > 0 && !accepted(c, `receipt_${g}` as DocumentKind));
  return unbacked
    ? {
        path: `spend.${unbacked}`,
        message: `${spend[unbacked]} tenge spent on ${unbacked} needs its receipt on the case (kind receipt_${unbacked})`,
      }
    : null;
}

export const AGREEMENT_CONDITIONS = {
  // Before version 6 DI records the signed agreement in one step.
  signedByOffice: {
    applies: before6,
    holds: (c) => !keepsLearningAgreement(c),
    refusal: () =>
      conflict(
        "from machine version 6 the learning agreement is signed by the student, the dean's office and the partner, each for their party",
      ),
  },
  learningAgreementSignature: {
    applies: keepsLearningAgreement,
    holds: (c, e) => keepsLearningAgreement(c) && signatureProblem(c, e) === null,
    refusal: (c, e) => {
      if (!keepsLearningAgreement(c))
        return conflict(`a case of machine version ${v(c)} has its signed learning agreement recorded by DI`);
      return refusalOfIssue(signatureProblem(c, e)!);
    },
  },
  learningAgreementChangeProposal: {
    holds: (c, e) => proposedChange(c, e).ok,
    refusal: (c, e) => {
      const outcome = proposedChange(c, e);
      const issues = outcome.ok ? [] : outcome.problems;
      return {
        type: REFUSAL.invalidPayload,
        message: `the change cannot be proposed: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      };
    },
  },
  // Before version 6 the dean's office agrees a change alone, and nothing else follows.
  changeAgreedByDean: {
    applies: before6,
    holds: (c) => !keepsLearningAgreement(c),
    refusal: () => conflict("from machine version 6 a change is signed by the dean's office and the partner"),
  },
  // Version 6: a partner's transcript document alone does not credit anything; its grades do.
  transcriptDocumentOnly: {
    applies: keepsLearningAgreement,
    holds: (c) => keepsLearningAgreement(c),
    refusal: () => conflict('the transcript document completes the return before machine version 6'),
  },
  learningAgreementDocument: {
    applies: keepsLearningAgreement,
    holds: (c, e) =>
      keepsLearningAgreement(c) && (attachedKind(e) ?? 'learning_agreement') === 'learning_agreement',
    refusal: (c, e) =>
      keepsLearningAgreement(c)
        ? invalidField(
            'document.kind',
            `before departure the case takes the learning agreement, not a ${attachedKind(e)}`,
          )
        : conflict(`a case of machine version ${v(c)} takes no documents after its application`),
  },
  financialDocument: {
    applies: keepsLearningAgreement,
    holds: (c, e) =>
      keepsLearningAgreement(c) && FINANCIAL_KINDS.includes(attachedKind(e) ?? 'financial_report'),
    refusal: (c, e) =>
      keepsLearningAgreement(c)
        ? invalidField(
            'document.kind',
            `the financial report takes ${FINANCIAL_KINDS.join(', ')}, not a ${attachedKind(e)}`,
          )
        : conflict(`a case of machine version ${v(c)} takes no documents after its application`),
  },
  // A check of an upload this stage took; one left over from the application is forgotten as before.
  stageDocumentChecked: {
    applies: keepsLearningAgreement,
    holds: (c, e) =>
      keepsLearningAgreement(c) &&
      e.type === 'DOCUMENT_CHECKED' &&
      c.checking.some((d) => d.sha256 === e.sha256),
    refusal: () => conflict('no upload of this stage is being checked'),
  },
  // Version 6 issues the credit transfer statement before the case closes.
  issuesStatement: {
    applies: keepsLearningAgreement,
    holds: (c) => keepsLearningAgreement(c),
    refusal: (c) => conflict(`a case of machine version ${v(c)} closes without a statement`),
  },
  receiptsHeld: {
    holds: (c, e) => !keepsLearningAgreement(c) || missingReceipt(c, e) === null,
    refusal: (c, e) => refusalOfIssue(missingReceipt(c, e)!),
  },
} satisfies Record<string, Condition>;
