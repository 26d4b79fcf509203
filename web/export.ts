import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AuditEntry } from '../domain/case-view';
import { formatInstant } from './time';

/** A line of a case's audit trail, outgoing or incoming: the two share every column but the events' names. */
export type HistoryEntry = Omit<AuditEntry, 'event'> & { event: string };

/**
 * A CSV cell: quoted when it holds a separator, a quote or a line break, and a leading `=`, `+`, `-` or `@`
 * made inert, so a spreadsheet never runs a name or a reason as a formula.
 */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const HISTORY_COLUMNS = [
  'caseId',
  'seq',
  'at',
  'atAlmaty',
  'actorRole',
  'actorId',
  'event',
  'from',
  'to',
  'reason',
  'note',
];

export function historyRows(caseId: string, history: HistoryEntry[], zone: string): unknown[][] {
  return history.map((e) => [
    caseId,
    e.seq,
    e.at,
    formatInstant(e.at, zone, 'en'),
    e.actor.role,
    e.actor.id,
    e.event,
    e.from,
    e.to,
    e.reason,
    e.note,
  ]);
}

const CYRILLIC: Record<string, string> = Object.fromEntries(
  [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі'].map((ch, i) => [
    ch,
    'a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya a gh q ng o u u h i'.split(
      ' ',
    )[i] ?? '',
  ]),
);

/** PDF's standard fonts speak WinAnsi only: Cyrillic is transliterated, anything else unknown is `?`. */
function winAnsi(text: string): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = CYRILLIC[lower];
      if (latin !== undefined) return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
      return /[\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/.test(ch) ? ch : '?';
    })
    .join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of winAnsi(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export interface HistorySection {
  caseId: string;
  subtitle: string;
  history: HistoryEntry[];
}

/** The histories of one case or of a call's cases as a PDF: one block per case, one line per audit entry. */
export async function historyPdf(
  title: string,
  sections: HistorySection[],
  zone: string,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(title));
  pdf.setProducer('KBTU Mobility console');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [W, H, M] = [842, 595, 40];
  let page: PDFPage = pdf.addPage([W, H]);
  let y = H - M;
  const write = (text: string, opts: { size?: number; f?: PDFFont; x?: number; width?: number } = {}) => {
    const { size = 8, f = font, x = M, width = W - 2 * M } = opts;
    for (const line of wrap(text, f, size, width - (x - M))) {
      if (y < M) {
        page = pdf.addPage([W, H]);
        y = H - M;
      }
      page.drawText(line, { x, y, size, font: f, color: rgb(0, 0, 0) });
      y -= size + 3;
    }
  };
  write(title, { size: 14, f: bold });
  write(`Times in ${zone}. Generated ${formatInstant(new Date().toISOString(), zone, 'en')}.`, { size: 8 });
  for (const s of sections) {
    y -= 8;
    write(s.caseId, { size: 11, f: bold });
    write(s.subtitle, { size: 8 });
    for (const e of s.history) {
      const who = `${e.actor.role}:${e.actor.id}`;
      const why = [e.reason, e.note].filter(Boolean).join(' | ');
      write(
        `${e.seq}. ${formatInstant(e.at, zone, 'en')}  ${who}  ${e.event}  ${e.from} -> ${e.to}${why ? `  (${why})` : ''}`,
        {
          x: M + 10,
        },
      );
    }
  }
  return pdf.save();
}
