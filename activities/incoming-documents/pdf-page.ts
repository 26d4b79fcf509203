import { PDFDocument, StandardFonts } from 'pdf-lib';

/** PDF's standard fonts speak WinAnsi only: anything outside it is written as `?`. */
const ansi = (t: string) => t.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

export interface PdfPage {
  line(text: string, style?: 'title' | 'bold' | 'plain'): void;
  gap(): void;
  save(): Promise<Uint8Array>;
}

/**
 * One A4 page of text lines. Every date in the file is `issuedAt`, so the same request makes the same
 * bytes (and the same sha256) when an activity is retried.
 */
export async function pdfPage(title: string, issuedAt: string): Promise<PdfPage> {
  const doc = await PDFDocument.create();
  const when = new Date(issuedAt);
  doc.setTitle(title);
  doc.setCreator('KBTU mobility orchestrator');
  doc.setProducer('KBTU mobility orchestrator');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  let y = 790;
  return {
    line(text, style = 'plain') {
      const size = style === 'title' ? 14 : 10;
      page.drawText(ansi(text), { x: 48, y, size, font: style === 'plain' ? font : bold });
      y -= size + 6;
    },
    gap() {
      y -= 8;
    },
    save: () => doc.save(),
  };
}
