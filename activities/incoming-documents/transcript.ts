import type { TranscriptGrade } from '../../domain/incoming';
import { pdfPage } from './pdf-page';

export interface TranscriptRequest {
  caseId: string;
  studentName: string;
  partnerName: string;
  semester: string;
  grades: TranscriptGrade[];
  /** When the registrar's grades made the transcript: its date, so a retry makes the same bytes. */
  issuedAt: string;
}

/** KBTU's transcript of an incoming student: one line per course, KBTU's grade and the partner's. */
export async function transcriptPdf(r: TranscriptRequest): Promise<Uint8Array> {
  const p = await pdfPage(`KBTU transcript ${r.caseId}`, r.issuedAt);
  p.line('Kazakh-British Technical University: transcript of records', 'title');
  p.line(`Student: ${r.studentName}`);
  p.line(`Home university: ${r.partnerName}`);
  p.line(`Semester: ${r.semester}    Case: ${r.caseId}    Issued: ${r.issuedAt.slice(0, 10)}`);
  p.gap();
  p.line('Course | Title | ECTS | KBTU % | KBTU grade | Your grade', 'bold');
  for (const g of r.grades)
    p.line(`${g.course} | ${g.title} | ${g.credits} | ${g.percent} | ${g.kbtu} | ${g.partner}`);
  return p.save();
}
