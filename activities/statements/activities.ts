import { ApplicationFailure } from '@temporalio/activity';
import type { CreditTransfer } from '../../domain/transcript';
import type { DocumentStore } from '../../stores/documents';
import { transferStatement, type StatementHeader, type TransferCurriculum } from './credit-transfer';
import { renderStatement } from './pdf';

/**
 * What an outgoing case knows when it issues its credit transfer statement, as plain data: the student
 * and the case (the header), the partner, the agreed individual curriculum (`context.individualCurriculum`
 * will do: only its programme, semester, required credits and whether retakes are paid are read), the
 * credit transfer the case computed from the partner's transcript, and the policy whose grading table
 * converted it. `issuedAt` dates the statement and the PDF: the same request makes the same bytes.
 */
export interface CreditTransferStatementRequest extends StatementHeader {
  partnerName: string;
  curriculum: TransferCurriculum;
  transfer: CreditTransfer;
  policyVersion: string;
}

/** The statements KBTU issues on an outgoing case, kept in the document store; the case records each hash. */
export function createStatementActivities({ store }: { store: DocumentStore }) {
  const keep = async (bytes: Uint8Array) => ({ sha256: (await store.put(bytes)).sha256, size: bytes.length });
  return {
    /** Idempotent: the same request makes the same bytes, stored once. */
    async issueCreditTransferStatement(
      r: CreditTransferStatementRequest,
    ): Promise<{ sha256: string; size: number }> {
      if (Number.isNaN(Date.parse(r.issuedAt)))
        throw ApplicationFailure.nonRetryable(
          `issuedAt is not a date: ${JSON.stringify(r.issuedAt)}`,
          'InvalidStatementRequest',
        );
      const statement = transferStatement(
        r.partnerName,
        { curriculum: r.curriculum, transfer: r.transfer },
        r.policyVersion,
        { caseId: r.caseId, student: r.student, issuedAt: r.issuedAt },
      );
      return keep(await renderStatement(statement));
    },
  };
}

export type StatementActivities = ReturnType<typeof createStatementActivities>;
