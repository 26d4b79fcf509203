import { CaseError } from '../client/errors';
import type { CaseView } from '../domain/case-view';
import type { DocumentStore } from '../stores/documents';

/** The credit transfer statement as the case recorded it (by its hash), or a 404 saying why there is none. */
export async function creditTransferStatement(
  documents: Pick<DocumentStore, 'get'>,
  view: CaseView,
): Promise<{ name: string; bytes: Buffer }> {
  const statement = (view.context as { creditStatement?: { sha256: string } | null }).creditStatement;
  if (!statement) {
    const version = (view.context as { machineVersion?: number }).machineVersion ?? 1;
    const why =
      version < 6
        ? `its credits were recorded before statements were issued on the case (machine version ${version}); POST /statements/credit-transfer?format=pdf makes one from its figures`
        : `it is at ${view.stageLabel}: the statement is issued when the dean's office approves the credits`;
    throw new CaseError('notFound', `case ${view.caseId} has no credit transfer statement: ${why}`);
  }
  const bytes = await documents.get(statement.sha256);
  if (!bytes)
    throw new CaseError(
      'notFound',
      `the credit transfer statement of case ${view.caseId} is not in the document store`,
    );
  return { name: `${view.caseId}-credit-transfer-statement.pdf`, bytes };
}
