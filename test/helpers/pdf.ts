import { PDFDocument } from 'pdf-lib';
import { extractPageText } from '../../activities/documents/pdf-text';

/** The text of every page of a PDF, one line per text run: how tests read back what the system made. */
export async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc
    .getPages()
    .map((p) => extractPageText(doc, p, 1 << 22))
    .join('\n')
    .split('\n');
}
