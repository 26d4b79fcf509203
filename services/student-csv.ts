import { parse, type CsvError } from 'csv-parse/sync';
import {
  STUDENT_CSV_COLUMNS,
  STUDENT_CSV_FIELDS,
  StudentRecord,
  type StudentCsvColumn,
} from '../domain/student-record';

/**
 * One problem in a CSV file: the 1-based line it is on (where a row starts), the column it concerns
 * (null: the header or the whole row) and what is wrong, in words for the registrar.
 */
export interface CsvRowError {
  line: number;
  column: StudentCsvColumn | string | null;
  message: string;
}

export interface ParsedStudentCsv {
  records: StudentRecord[];
  errors: CsvRowError[];
}

/** csv-parse puts the line of a parse error on the error object. */
const lineOf = (err: CsvError): number => (typeof err.lines === 'number' ? err.lines : 1);

type Cell = { value: unknown } | { error: string };

const text = (raw: string): Cell => ({ value: raw });
const lower = (raw: string): Cell => ({ value: raw.toLowerCase() });
const upper = (raw: string): Cell => ({ value: raw.toUpperCase() });
const orNull =
  (convert: (raw: string) => Cell) =>
  (raw: string): Cell =>
    raw === '' ? { value: null } : convert(raw);

function wholeNumber(raw: string): Cell {
  return /^[+-]?\d+$/.test(raw) ? { value: Number(raw) } : { error: `"${raw}" is not a whole number` };
}

function decimal(raw: string): Cell {
  const normalised = raw.replace(',', '.'); // a decimal comma, as Kazakh and Russian locales export it
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(normalised)
    ? { value: Number(normalised) }
    : { error: `"${raw}" is not a number` };
}

function yesNo(raw: string): Cell {
  const v = raw.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return { value: true };
  if (['false', 'no', 'n', '0'].includes(v)) return { value: false };
  return { error: `"${raw}" is not yes/no (true, false, yes, no, 1 or 0)` };
}

const direction = (raw: string): Cell => ({ value: raw.toLowerCase().replace(/[\s-]+/g, '_') });

/** How each column's text becomes the value the schema checks; the schema then has the last word. */
const CONVERT: Record<StudentCsvColumn, (raw: string) => Cell> = {
  student_id: text,
  full_name: text,
  email: text,
  school: upper,
  degree: lower,
  year_of_study: wholeNumber,
  semester_of_study: wholeNumber,
  master_direction: orNull(direction),
  gpa: decimal,
  english_on_transcript: orNull(upper),
  study_basis: lower,
  academic_debts: wholeNumber,
  financial_debts: wholeNumber,
  tuition_prepaid: yesNo,
  updated_at: text,
};

const OPTIONAL = new Set<StudentCsvColumn>(['master_direction', 'english_on_transcript']);
const COLUMN_OF_FIELD = new Map<string, StudentCsvColumn>(
  STUDENT_CSV_COLUMNS.map((c) => [STUDENT_CSV_FIELDS[c], c]),
);
const isColumn = (name: string): name is StudentCsvColumn => Object.hasOwn(STUDENT_CSV_FIELDS, name);

/** Checks the header row; returns the column of each position, or the errors that make the file unreadable. */
function readHeader(cells: string[]): { columns: StudentCsvColumn[] } | { errors: CsvRowError[] } {
  const names = cells.map((c) => c.trim().toLowerCase());
  const errors: CsvRowError[] = [];
  const unknown = names.filter((n) => !isColumn(n));
  if (unknown.length)
    errors.push({
      line: 1,
      column: null,
      message: `unknown column(s): ${unknown.map((n) => `"${n}"`).join(', ')}; the columns are ${STUDENT_CSV_COLUMNS.join(', ')}`,
    });
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length)
    errors.push({
      line: 1,
      column: null,
      message: `column(s) given twice: ${[...new Set(repeated)].join(', ')}`,
    });
  const missing = STUDENT_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length)
    errors.push({ line: 1, column: null, message: `missing required column(s): ${missing.join(', ')}` });
  return errors.length ? { errors } : { columns: names as StudentCsvColumn[] };
}

/** Turns one data row into a record, or into the errors of that row. */
function readRow(columns: StudentCsvColumn[], cells: string[], line: number): StudentRecord | CsvRowError[] {
  const errors: CsvRowError[] = [];
  const candidate: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const raw = (cells[i] ?? '').trim();
    if (raw === '' && !OPTIONAL.has(column)) {
      errors.push({ line, column, message: 'a value is required' });
      return;
    }
    const cell = CONVERT[column](raw);
    if ('error' in cell) errors.push({ line, column, message: cell.error });
    else candidate[STUDENT_CSV_FIELDS[column]] = cell.value;
  });
  const parsed = StudentRecord.safeParse(candidate);
  if (parsed.success && errors.length === 0) return parsed.data;
  const reported = new Set(errors.map((e) => e.column));
  for (const issue of parsed.error?.issues ?? []) {
    const column = COLUMN_OF_FIELD.get(String(issue.path[0])) ?? null;
    if (column && reported.has(column)) continue; // already reported as unreadable
    errors.push({ line, column, message: issue.message });
  }
  return errors;
}

const position = (e: CsvRowError) =>
  e.column === null ? -1 : STUDENT_CSV_COLUMNS.indexOf(e.column as StudentCsvColumn);

type Row = { record: string[]; info: { lines: number } };

/**
 * csv-parse gives the line a row ends on, and counts a CRLF inside a quoted field as two lines.
 * Returns the line each row starts on as an editor numbers it, and corrects the lines of the
 * unreadable-row errors the same way.
 */
function startLines(rows: Row[], unreadable: CsvRowError[]): number[] {
  const count = (r: Row, re: RegExp) => r.record.reduce((n, cell) => n + (cell.match(re)?.length ?? 0), 0);
  let drift = 0;
  const drifts: { endLine: number; drift: number }[] = [];
  const starts = rows.map((r) => {
    const start = r.info.lines - count(r, /[\r\n]/g) - drift;
    drift += count(r, /\r\n/g);
    drifts.push({ endLine: r.info.lines, drift });
    return start;
  });
  for (const e of unreadable) e.line -= drifts.filter((d) => d.endLine < e.line).at(-1)?.drift ?? 0;
  return starts;
}

/**
 * Parses the registrar's CSV export (RFC 4180: quoted fields may hold commas, quotes and line breaks;
 * CRLF or LF; an optional UTF-8 BOM). The first row is the header and must name every column of
 * `STUDENT_CSV_COLUMNS`, in any order, and no other. Pure: every problem is reported with its line,
 * none is thrown, and a caller that must load all or nothing loads only when `errors` is empty.
 */
export function parseStudentCsv(input: string): ParsedStudentCsv {
  const errors: CsvRowError[] = [];
  let rows: Row[];
  try {
    rows = parse(input, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined) => {
        if (err) errors.push({ line: lineOf(err), column: null, message: `unreadable row: ${err.message}` });
      },
    }) as unknown as Row[];
  } catch (err) {
    const e = err as CsvError;
    return { records: [], errors: [{ line: lineOf(e), column: null, message: e.message }] };
  }
  const starts = startLines(rows, errors);
  const [header, ...data] = rows;
  if (!header) {
    if (errors.length) return { records: [], errors };
    return {
      records: [],
      errors: [
        {
          line: 1,
          column: null,
          message: `the file is empty: expected a header row with ${STUDENT_CSV_COLUMNS.join(', ')}`,
        },
      ],
    };
  }
  const head = readHeader(header.record);
  if ('errors' in head) return { records: [], errors: [...head.errors, ...errors] };

  const records: StudentRecord[] = [];
  const firstLineOf = new Map<string, number>();
  for (const [i, row] of data.entries()) {
    const line = starts[i + 1]!;
    if (row.record.every((cell) => cell.trim() === '')) continue; // a spreadsheet's ",,,," filler line
    if (row.record.length !== head.columns.length) {
      errors.push({
        line,
        column: null,
        message: `the row has ${row.record.length} fields, the header has ${head.columns.length}`,
      });
      continue;
    }
    // A repeated id is an error even where the first row is bad: the file says two things about one student.
    const id = (row.record[head.columns.indexOf('student_id')] ?? '').trim();
    const first = firstLineOf.get(id.toUpperCase());
    if (id && first !== undefined)
      errors.push({
        line,
        column: 'student_id',
        message: `${id} appears twice in the file (first on line ${first})`,
      });
    else if (id) firstLineOf.set(id.toUpperCase(), line);
    const result = readRow(head.columns, row.record, line);
    if (Array.isArray(result)) errors.push(...result);
    else if (first === undefined) records.push(result);
  }
  if (records.length === 0 && errors.length === 0)
    errors.push({ line: 2, column: null, message: 'the file has a header but no students' });
  errors.sort((a, b) => a.line - b.line || position(a) - position(b));
  return { records, errors };
}
