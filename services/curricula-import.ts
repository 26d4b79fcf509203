import { parse, type CsvError } from 'csv-parse/sync';
import type { z } from 'zod';
import { KbtuCourse, PartnerCourse } from '../domain/curriculum';

/** One problem of an imported file: the 1-based line, the column (null: the header or whole row), what is wrong. */
export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; errors: RowError[] };

type Cell = { value: unknown } | { error: string };
type Convert = (raw: string) => Cell;

const text: Convert = (raw) => ({ value: raw });
const lower: Convert = (raw) => ({ value: raw.toLowerCase().replace(/[\s-]+/g, '_') });
const orNull =
  (c: Convert): Convert =>
  (raw) =>
    raw === '' ? { value: null } : c(raw);
const whole: Convert = (raw) =>
  /^\d+$/.test(raw) ? { value: Number(raw) } : { error: `"${raw}" is not a whole number` };
const decimal: Convert = (raw) => {
  const n = raw.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(n) ? { value: Number(n) } : { error: `"${raw}" is not a number` };
};

/** What a file of one kind holds: its columns, how each cell reads, and the schema a row must pass. */
interface RowSpec<T> {
  what: string;
  columns: Record<string, { field: string; convert: Convert; optional?: boolean }>;
  schema: z.ZodType<T>;
  /** Fields every row gets from the import itself (the partner a catalogue belongs to). */
  fixed?: Record<string, unknown>;
  /** Two rows with the same key say two things about one course. */
  key: (row: T) => string;
}

export const KBTU_CURRICULUM_COLUMNS = {
  programme: { field: 'programme', convert: text },
  semester: { field: 'semester', convert: whole },
  code: { field: 'code', convert: text },
  title: { field: 'title', convert: text },
  credits: { field: 'credits', convert: decimal },
  component: { field: 'component', convert: lower },
  elective_type: { field: 'electiveType', convert: orNull(lower), optional: true },
};

export const PARTNER_CATALOGUE_COLUMNS = {
  code: { field: 'code', convert: text },
  title: { field: 'title', convert: text },
  credits: { field: 'credits', convert: decimal },
  language: { field: 'language', convert: text },
  level: { field: 'level', convert: lower },
  elective_type: { field: 'electiveType', convert: orNull(lower), optional: true },
};

const kbtuSpec: RowSpec<KbtuCourse> = {
  what: 'KBTU working curriculum',
  columns: KBTU_CURRICULUM_COLUMNS,
  schema: KbtuCourse,
  key: (c) => `${c.programme.toUpperCase()}/${c.semester}/${c.code.toUpperCase()}`,
};

const partnerSpec = (partnerId: string): RowSpec<PartnerCourse> => ({
  what: 'partner course catalogue',
  columns: PARTNER_CATALOGUE_COLUMNS,
  schema: PartnerCourse,
  fixed: { partnerId },
  key: (c) => c.code.toUpperCase(),
});

/** A file's rows as cells by column name, each with the line it starts on. */
interface RawRow {
  line: number;
  cells: Map<string, unknown>;
}

/** The rows a file holds, and the problems found before reading their cells (shape, field count, keys). */
interface RawRows {
  rows: RawRow[];
  errors: RowError[];
}

function csvRows(input: string, spec: RowSpec<unknown>): RawRows {
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(input, { bom: true, raw: true, relax_column_count: true }) as never;
  } catch (err) {
    const e = err as CsvError;
    return {
      rows: [],
      errors: [{ line: typeof e.lines === 'number' ? e.lines : 1, column: null, message: e.message }],
    };
  }
  // A quoted field may hold line breaks: a row starts after all the lines of the rows before it (csv-parse
  // keeps an LF terminator in `raw`, but not the LF of a CRLF).
  let line = 1;
  const lines = records.map((r) => {
    const start = line;
    line += 1 + (r.raw.replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    return start;
  });
  const [header, ...data] = records;
  const names = (header?.record ?? []).map((c) => c.trim().toLowerCase());
  const known = Object.keys(spec.columns);
  const errors: RowError[] = [];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length)
    errors.push({
      line: 1,
      column: null,
      message: `unknown column(s): ${unknown.join(', ')}; the columns are ${known.join(', ')}`,
    });
  const missing = known.filter((c) => !names.includes(c) && !spec.columns[c]!.optional);
  if (missing.length)
    errors.push({ line: 1, column: null, message: `missing column(s): ${missing.join(', ')}` });
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length)
    errors.push({ line: 1, column: null, message: `column(s) given twice: ${repeated.join(', ')}` });
  if (errors.length) return { rows: [], errors };
  const rows: RawRow[] = [];
  data.forEach((r, i) => {
    if (r.record.every((c) => c.trim() === '')) return;
    if (r.record.length !== names.length) {
      errors.push({
        line: lines[i + 1]!,
        column: null,
        message: `the row has ${r.record.length} fields, the header has ${names.length}`,
      });
      return;
    }
    rows.push({ line: lines[i + 1]!, cells: new Map(names.map((n, j) => [n, r.record[j]!.trim()])) });
  });
  return { rows, errors };
}

/** Where each element of the top-level JSON array starts, as a line number (strings may hold brackets). */
function elementLines(input: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

function jsonRows(input: string, spec: RowSpec<unknown>): RawRows {
  let value: unknown;
  try {
    value = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      rows: [],
      errors: [{ line: 1, column: null, message: `not valid JSON: ${(err as Error).message}` }],
    };
  }
  if (!Array.isArray(value))
    return {
      rows: [],
      errors: [{ line: 1, column: null, message: `expected an array of ${spec.what} rows` }],
    };
  const lines = elementLines(input);
  const known = Object.keys(spec.columns);
  const errors: RowError[] = [];
  const rows: RawRow[] = [];
  value.forEach((element: unknown, i) => {
    const line = lines[i] ?? 1;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      errors.push({ line, column: null, message: 'a row must be an object' });
      return;
    }
    const extra = Object.keys(element).filter((k) => !known.includes(k));
    for (const k of extra)
      errors.push({ line, column: k, message: `unknown column; the columns are ${known.join(', ')}` });
    const cells = new Map<string, unknown>();
    for (const [k, v] of Object.entries(element))
      if (known.includes(k)) cells.set(k, v === null ? '' : typeof v === 'string' ? v.trim() : v);
    rows.push({ line, cells });
  });
  return { rows, errors };
}

function readRows<T>({ rows: raw, errors: found }: RawRows, spec: RowSpec<T>): Parsed<T> {
  const errors: RowError[] = [...found];
  const rows: T[] = [];
  const firstLine = new Map<string, number>();
  const columnOf = new Map(Object.entries(spec.columns).map(([c, d]) => [d.field, c]));
  for (const { line, cells } of raw) {
    const candidate: Record<string, unknown> = { ...spec.fixed };
    const rowErrors: RowError[] = [];
    for (const [column, def] of Object.entries(spec.columns)) {
      const cell = cells.get(column);
      if (cell === undefined || cell === '') {
        if (def.optional) candidate[def.field] = null;
        else rowErrors.push({ line, column, message: 'a value is required' });
        continue;
      }
      const read = typeof cell === 'string' ? def.convert(cell) : { value: cell };
      if ('error' in read) rowErrors.push({ line, column, message: read.error });
      else candidate[def.field] = read.value;
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const parsed = spec.schema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, column: columnOf.get(String(issue.path[0])) ?? null, message: issue.message });
      continue;
    }
    const key = spec.key(parsed.data);
    const first = firstLine.get(key);
    if (first !== undefined) {
      errors.push({ line, column: 'code', message: `the course is listed twice (first on line ${first})` });
      continue;
    }
    firstLine.set(key, line);
    rows.push(parsed.data);
  }
  if (errors.length === 0 && rows.length === 0)
    errors.push({ line: 1, column: null, message: `the file holds no ${spec.what} rows` });
  return errors.length ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) } : { ok: true, rows };
}

export type FileFormat = 'csv' | 'json';

/** The format a file name says, or the content: JSON starts with `[`. */
export function formatOf(name: string, content: string): FileFormat {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.csv$/i.test(name)) return 'csv';
  return content
    .trimStart()
    .replace(/^\uFEFF/, '')
    .startsWith('[')
    ? 'json'
    : 'csv';
}

function parseRows<T>(input: string, format: FileFormat, spec: RowSpec<T>): Parsed<T> {
  const raw =
    format === 'csv' ? csvRows(input, spec as RowSpec<unknown>) : jsonRows(input, spec as RowSpec<unknown>);
  return readRows(raw, spec);
}

/** A KBTU working-curriculum file (CSV with a header, or a JSON array of rows with the same keys). Pure. */
export const parseKbtuCurriculum = (input: string, format: FileFormat) => parseRows(input, format, kbtuSpec);

/** A partner's course catalogue (CSV with a header, or a JSON array of rows). Pure. */
export const parsePartnerCatalogue = (partnerId: string, input: string, format: FileFormat) =>
  parseRows(input, format, partnerSpec(partnerId));
