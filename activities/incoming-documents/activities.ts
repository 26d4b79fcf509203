import type { DocumentStore } from '../../stores/documents';
import { invitationLetterPdf, type InvitationLetterRequest } from './invitation-letter';
import { transcriptPdf, type TranscriptRequest } from './transcript';

/** The documents KBTU makes for an incoming case, kept in the document store; the case records each hash. */
export function createIncomingDocumentActivities({ store }: { store: DocumentStore }) {
  const keep = async (bytes: Uint8Array) => ({ sha256: (await store.put(bytes)).sha256, size: bytes.length });
  return {
    /** Idempotent: the same grades and date make the same bytes, stored once. */
    async issueIncomingTranscript(r: TranscriptRequest): Promise<{ sha256: string; size: number }> {
      return keep(await transcriptPdf(r));
    },
    async issueIncomingInvitationLetter(
      r: InvitationLetterRequest,
    ): Promise<{ sha256: string; size: number }> {
      return keep(await invitationLetterPdf(r));
    },
  };
}

export type IncomingDocumentActivities = ReturnType<typeof createIncomingDocumentActivities>;
