import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { TranscriptGrade } from '../../domain/incoming';
import type { DocumentStore } from '../../stores/documents';

export interface TranscriptRequest {
  caseId: string;
  studentName: string;
  partnerName: string;
  semester: string;
  grades: TranscriptGrade[];
  /** When the registrar's grades made the transcript: its date, so a retry makes the same bytes. */
  issuedAt: string;
}

/** PDF's standard fonts speak WinAnsi only: anything outside it is written as `?`. */
const ansi = (t: string) => t.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** KBTU's transcript of an incoming student: one line per course, KBTU's grade and the partner's. */
export async function transcriptPdf(r: TranscriptRequest): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const when = new Date(r.issuedAt);
  doc.setTitle(`KBTU transcript ${r.caseId}`);
  doc.setCreator('KBTU mobility orchestrator');
  doc.setProducer('KBTU mobility orchestrator');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  let y = 790;
  const line = (text: string, f = font, size = 10) => {
    page.drawText(ansi(text), { x: 48, y, size, font: f });
    y -= size + 6;
  };
  line('Kazakh-British Technical University: transcript of records', bold, 14);
  line(`Student: ${r.studentName}`);
  line(`Home university: ${r.partnerName}`);
  line(`Semester: ${r.semester}    Case: ${r.caseId}    Issued: ${r.issuedAt.slice(0, 10)}`);
  y -= 8;
  line('Course | Title | ECTS | KBTU % | KBTU grade | Your grade', bold);
  for (const g of r.grades)
    line(`${g.course} | ${g.title} | ${g.credits} | ${g.percent} | ${g.kbtu} | ${g.partner}`);
  return doc.save();
}

/** The transcript made and kept in the document store; the case records its hash. Idempotent. */
export function createTranscriptActivities({ store }: { store: DocumentStore }) {
  return {
    async issueIncomingTranscript(r: TranscriptRequest): Promise<{ sha256: string; size: number }> {
      const bytes = await transcriptPdf(r);
      const put = await store.put(bytes);
      return { sha256: put.sha256, size: bytes.length };
    },
  };
}

export type TranscriptActivities = ReturnType<typeof createTranscriptActivities>;
