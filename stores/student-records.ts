import { describeIssues, fieldIssues } from '../domain/issues';
import { StudentRecord } from '../domain/student-record';
import { inTransaction, type SqlDatabase } from './db/database';

/**
 * Where the registrar's records come from. The activities only read; everything else about the
 * source (a file, a database, the registrar's own system) stays behind this interface.
 *
 * A registrar HTTP API implements it the same way: `get` calls e.g. `GET {base}/students/{id}`
 * with the service credentials, returns null on 404, maps the registrar's fields onto
 * `StudentRecord` and validates the result with `StudentRecord.parse` (a response that does not
 * fit is a bug at the registrar's end, not a missing student), and lets network errors and 5xx
 * responses throw a plain Error so that Temporal retries the activity. Such a source is read-only:
 * it implements `StudentRecordSource` and not `StudentRecordStore`, and the CSV import is then
 * not used.
 */
export interface StudentRecordSource {
  /** The student's record, or null when the registrar has none. Ids compare case-insensitively. */
  get(studentId: string): Promise<StudentRecord | null>;
}

/** A source the registrar can load, as the embedded store is loaded from a CSV export. */
export interface StudentRecordStore extends StudentRecordSource {
  /** Adds or replaces these students' records; other students' records stay. */
  upsertMany(records: readonly StudentRecord[]): Promise<void>;
  /** Makes these records the whole content of the store. */
  replaceAll(records: readonly StudentRecord[]): Promise<void>;
}

/** The table this store keeps (stores/db/migrations/20261201_2300_student_records.ts). */
export type StudentRecordTables = {
  student_records: { student_key: string; record: unknown; loaded_at: string };
};

const keyOf = (studentId: string) => studentId.toUpperCase();

/**
 * The embedded default and the deployment's store: one row per student in the project's database, keyed
 * by the upper-cased id, the record as validated on the way in and again on the way out. An import is one
 * transaction, so a worker never reads half of one and two imports at once both land whole (the later
 * one's rows win); every `get` reads the table, so a worker sees an import made by the CLI at once.
 */
export function createSqlStudentRecordStore(database: SqlDatabase): StudentRecordStore {
  const db = database.withTables<StudentRecordTables>();

  const rows = (records: readonly StudentRecord[]) => {
    const loadedAt = new Date().toISOString();
    // Postgres refuses one statement that upserts the same key twice: the last row of a batch wins.
    const byKey = new Map(records.map((r) => [keyOf(r.studentId), StudentRecord.parse(r)]));
    return [...byKey].map(([student_key, record]) => ({
      student_key,
      record: JSON.stringify(record),
      loaded_at: loadedAt,
    }));
  };

  const upsert = async (trx: typeof db, records: readonly StudentRecord[]) => {
    const values = rows(records);
    for (let i = 0; i < values.length; i += BATCH) {
      await trx
        .insertInto('student_records')
        .values(values.slice(i, i + BATCH))
        .onConflict((oc) =>
          oc.column('student_key').doUpdateSet((eb) => ({
            record: eb.ref('excluded.record'),
            loaded_at: eb.ref('excluded.loaded_at'),
          })),
        )
        .execute();
    }
  };

  return {
    async get(studentId) {
      const row = await db
        .selectFrom('student_records')
        .select('record')
        .where('student_key', '=', keyOf(studentId))
        .executeTakeFirst();
      if (!row) return null;
      const parsed = StudentRecord.safeParse(row.record);
      if (!parsed.success) {
        throw new Error(
          `student record ${studentId} in the database is invalid at ${describeIssues(fieldIssues(parsed.error, '(record)'))}`,
        );
      }
      return parsed.data;
    },
    async upsertMany(records) {
      const values = rows(records); // validates before the transaction starts
      if (values.length === 0) return;
      await inTransaction(db, (trx) => upsert(trx, records));
    },
    async replaceAll(records) {
      rows(records);
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('student_records').execute();
        await upsert(trx, records);
      });
    },
  };
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters. */
const BATCH = 1000;
