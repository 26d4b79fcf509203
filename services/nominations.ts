import { parse } from 'csv-parse/sync';
import type { Actor } from '../domain/actor';
import { PlacesTaken } from '../client/place-claims';
import { CaseError } from '../client/errors';
import { NOMINATE_ROLES } from '../machines/incoming-case/nomination';
import type { CheckedNomination, IncomingClient } from '../client/incoming';

/** The columns of a nominations CSV, one student a row; `partnerId` only when DI nominates for a partner. */
export const NOMINATION_CSV_COLUMNS = [
  'partnerId',
  'semester',
  'school',
  'partnerStudentId',
  'givenName',
  'familyName',
  'birthDate',
  'citizenship',
  'email',
  'passportNumber',
  'passportExpiresOn',
  'level',
  'field',
] as const;
type Column = (typeof NOMINATION_CSV_COLUMNS)[number];

/** One problem of a nominations file: its line (1 is the header), the column, what is wrong. */
export interface NominationRowError {
  line: number;
  column: Column | null;
  message: string;
}

export type BatchOutcome =
  { ok: true; cases: { line: number; caseId: string }[] } | { ok: false; errors: NominationRowError[] };

/** The column a field of a nomination comes from, so a refusal names what the partner typed. */
export function columnOf(path: string): Column | null {
  const field = path
    .replace(/^student\./, '')
    .replace(/^passport\.(number|expiresOn)$/, (_, f: string) =>
      f === 'number' ? 'passportNumber' : 'passportExpiresOn',
    );
  return (NOMINATION_CSV_COLUMNS as readonly string[]).includes(field) ? (field as Column) : null;
}

/** Whether `role` may nominate at all: the console offers the nomination form only to these. */
export const mayNominate = (role: Actor['role']): boolean => NOMINATE_ROLES.includes(role);

/** Only a partner's system and DI nominate: anyone else is refused before any row is read. */
function assertMayNominate(actor: Actor): void {
  if (!NOMINATE_ROLES.includes(actor.role)) {
    const roles = NOMINATE_ROLES.join(', ');
    throw new CaseError('forbidden', `role ${actor.role} may not nominate; it is for: ${roles}`);
  }
}

/** A nomination as a signed-in caller sends it: a partner's system for itself, DI naming the partner. */
export function nominationFor(actor: Actor, body: unknown): unknown {
  if (!NOMINATE_ROLES.includes(actor.role)) {
    throw new CaseError(
      'forbidden',
      `role ${actor.role} may not nominate; it is for: ${NOMINATE_ROLES.join(', ')}`,
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  if (Object.hasOwn(b, 'actor')) {
    const message = 'the actor is the signed-in user (from the access token); do not send one';
    throw new CaseError('invalid', `actor: ${message}`, { issues: [{ path: 'actor', message }] });
  }
  const partnerId = actor.role === 'partner' && b.partnerId === undefined ? actor.id : b.partnerId;
  return { ...b, partnerId, actor };
}

/** A nomination from its columns, as a CSV row or the console's form names them. */
export const rowNomination = (cells: Record<string, string | undefined>) => ({
  ...(cells.partnerId ? { partnerId: cells.partnerId } : {}),
  semester: cells.semester,
  school: cells.school,
  student: {
    partnerStudentId: cells.partnerStudentId,
    givenName: cells.givenName,
    familyName: cells.familyName,
    birthDate: cells.birthDate,
    citizenship: cells.citizenship,
    email: cells.email,
    passport: { number: cells.passportNumber, expiresOn: cells.passportExpiresOn },
    level: cells.level,
    field: cells.field,
  },
});

function readCsv(
  content: string,
): { rows: { line: number; cells: Record<string, string> }[] } | BatchOutcome {
  let records: string[][];
  try {
    records = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    return {
      ok: false,
      errors: [{ line: 1, column: null, message: `not a readable CSV: ${(err as Error).message}` }],
    };
  }
  const [header = [], ...body] = records;
  const unknown = header.filter((h) => !(NOMINATION_CSV_COLUMNS as readonly string[]).includes(h));
  const missing = NOMINATION_CSV_COLUMNS.filter((c) => c !== 'partnerId' && !header.includes(c));
  const problems = [
    ...(unknown.length ? [`unknown column(s): ${unknown.join(', ')}`] : []),
    ...(missing.length ? [`missing column(s): ${missing.join(', ')}`] : []),
  ];
  if (problems.length)
    return { ok: false, errors: problems.map((message) => ({ line: 1, column: null, message })) };
  if (body.length === 0)
    return { ok: false, errors: [{ line: 1, column: null, message: 'no nominations below the header' }] };
  return {
    rows: body.map((cells, i) => ({
      line: i + 2,
      cells: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])),
    })),
  };
}

/**
 * Many nominations from one CSV, all or nothing: every row is checked (schema, nomination rules with the
 * places earlier rows take, duplicates in the file and among existing cases) before any case starts; a
 * refused file names each line and column and opens nothing.
 */
export async function nominateMany(
  incoming: IncomingClient,
  actor: Actor,
  content: string,
): Promise<BatchOutcome> {
  assertMayNominate(actor);
  const read = readCsv(content);
  if ('ok' in read) return read;
  const errors: NominationRowError[] = [];
  const checked: { line: number; nomination: CheckedNomination }[] = [];
  const taken = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const { line, cells } of read.rows) {
    try {
      const request = nominationFor(actor, rowNomination(cells)) as {
        partnerId?: string;
        semester?: string;
        student?: { level?: string };
      };
      const key = `${request.partnerId}/${request.semester}/${request.student?.level}`;
      const nomination = await incoming.check(request, taken.get(key) ?? 0);
      const earlier = seen.get(nomination.input.caseId);
      if (earlier !== undefined) {
        errors.push({ line, column: 'partnerStudentId', message: `the same student as on line ${earlier}` });
        continue;
      }
      seen.set(nomination.input.caseId, line);
      taken.set(key, (taken.get(key) ?? 0) + 1);
      checked.push({ line, nomination });
    } catch (err) {
      if (!(err instanceof CaseError) || err.kind === 'unavailable') throw err;
      const issues = err.details.issues ?? [];
      if (issues.length === 0) errors.push({ line, column: null, message: err.message });
      for (const issue of issues) errors.push({ line, column: columnOf(issue.path), message: issue.message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  try {
    const caseIds = await incoming.startAll(checked.map((c) => c.nomination));
    return { ok: true, cases: checked.map(({ line }, i) => ({ line, caseId: caseIds[i]! })) };
  } catch (err) {
    // Another nomination took a place between the check and the claim: that row is refused, nothing opens.
    if (!(err instanceof PlacesTaken)) throw err;
    const line = checked[err.index]!.line;
    return {
      ok: false,
      errors: [{ line, column: 'semester', message: err.details.issues?.[0]?.message ?? err.message }],
    };
  }
}
