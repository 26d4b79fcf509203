import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/** A statement as data: a title, facts as label-value lines, tables, and closing notes. */
export interface Statement {
  title: string;
  facts: [string, string][];
  tables: {
    heading: string;
    header: string[];
    rows: string[][];
    widths: number[];
    /** Columns whose text wraps onto more lines instead of being cut (a reason must be read whole). */
    wrap?: number[];
  }[];
  notes: string[];
  /**
   * When the statement was issued (ISO): the file's creation and modification dates, so the same
   * statement makes the same bytes (and sha256) when it is made again. Without it, the time of rendering.
   */
  issuedAt?: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const SIZE = 9;
const LINE = 13;

/** PDF's standard fonts speak WinAnsi only: anything outside it is written as `?`. */
const ansi = (t: string) => t.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** Cuts text to fit a column, so a long title never runs into the next one. */
function fit(text: string, font: PDFFont, width: number): string {
  let t = ansi(text);
  while (t.length > 1 && font.widthOfTextAtSize(t, SIZE) > width - 4) t = t.slice(0, -2) + '~';
  return t;
}

/** Breaks text into lines that fit a column, at spaces; a word longer than the column is cut to fit. */
function wrapped(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of ansi(text).split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, SIZE) > width - 4) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  lines.push(current);
  return lines.map((l) => fit(l, font, width));
}

/** Renders a statement on A4 pages with the standard Helvetica fonts; pages are added as it grows. */
export async function renderStatement(s: Statement): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(s.title);
  doc.setCreator('KBTU mobility orchestrator');
  if (s.issuedAt !== undefined) {
    const when = new Date(s.issuedAt);
    if (Number.isNaN(when.getTime())) throw new RangeError(`issuedAt is not a date: ${s.issuedAt}`);
    doc.setProducer('KBTU mobility orchestrator');
    doc.setCreationDate(when);
    doc.setModificationDate(when);
  }
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  /** Starts a new page unless `lines` more lines fit on this one. */
  const room = (lines = 1) => {
    if (y - (lines - 1) * LINE < MARGIN + LINE) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const line = (text: string, f = font, size = SIZE, x = MARGIN) => {
    room();
    page.drawText(ansi(text), { x, y, size, font: f });
  };
  line(s.title, bold, 14);
  y -= LINE * 2;
  for (const [label, value] of s.facts) {
    line(`${label}:`, bold);
    line(value, font, SIZE, MARGIN + 130);
    y -= LINE;
  }
  for (const t of s.tables) {
    y -= LINE;
    line(t.heading, bold, 11);
    y -= LINE * 1.4;
    // A row's cells start on the same line; a wrapped cell makes its row as tall as its lines.
    const row = (cells: string[], f: PDFFont) => {
      const columns = cells.map((c, i) =>
        t.wrap?.includes(i) ? wrapped(c, f, t.widths[i]!) : [fit(c, f, t.widths[i]!)],
      );
      const height = Math.max(...columns.map((c) => c.length));
      room(height);
      const top = y;
      let x = MARGIN;
      columns.forEach((lines, i) => {
        lines.forEach((l, k) => page.drawText(l, { x, y: top - k * LINE, size: SIZE, font: f }));
        x += t.widths[i]!;
      });
      y = top - height * LINE;
    };
    row(t.header, bold);
    if (t.rows.length === 0) row(['(none)'], font);
    for (const r of t.rows) row(r, font);
  }
  y -= LINE;
  for (const n of s.notes) {
    line(n);
    y -= LINE;
  }
  return doc.save();
}
