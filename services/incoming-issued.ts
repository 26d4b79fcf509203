import { CaseError } from '../client/errors';
import type { IncomingCaseView, IssuedDocument } from '../domain/incoming';
import type { DocumentStore } from '../stores/documents';

export type IssuedDocumentParams = { Params: { caseId: string; document: IssuedDocument } };

const shaOf = (view: IncomingCaseView, document: IssuedDocument) =>
  document === 'invitation-letter' ? view.invitationLetter?.sha256 : view.transcript?.sha256;

/** The PDF as the case recorded it (by its hash), or a 404 saying why there is none yet. */
export async function issuedDocument(
  documents: Pick<DocumentStore, 'get'>,
  view: IncomingCaseView,
  document: IssuedDocument,
): Promise<{ name: string; bytes: Buffer }> {
  const sha256 = shaOf(view, document);
  if (!sha256) {
    const why =
      document === 'invitation-letter' && view.invitationLetter
        ? 'its letter was recorded as sent before letters were kept as documents (machine version 1)'
        : `it is at ${view.stageLabel}`;
    throw new CaseError('notFound', `case ${view.caseId} has no ${document} document: ${why}`);
  }
  const bytes = await documents.get(sha256);
  if (!bytes)
    throw new CaseError('notFound', `the ${document} of case ${view.caseId} is not in the document store`);
  return { name: `${view.caseId}-${document}.pdf`, bytes };
}
