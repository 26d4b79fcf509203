import { join } from 'node:path';
import { z } from 'zod';
import { StudentRecord } from '../domain/student-record';
import { readJsonFile, serialiser, writeJsonAtomic } from './json-file';

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

const StoreFile = z.object({
  version: z.literal(1),
  records: z.record(z.string(), StudentRecord),
});
type StoreFile = z.infer<typeof StoreFile>;

const keyOf = (studentId: string) => studentId.toUpperCase();

/**
 * The embedded default: every record in one JSON file (`DATA_DIR/student-records.json`).
 * Each write goes to a temporary file in the same folder, is flushed to disk and then renamed over
 * the old file, so a reader (a worker, the CLI) sees either the old or the new content, never half.
 * Writes from one process are serialised; two processes writing at once may lose one's update
 * (the last rename wins) — the registrar's import is a manual, one-at-a-time operation.
 * Every `get` reads the file, so a worker sees an import made by the CLI without a restart.
 */
export function createFileStudentRecordStore({ file }: { file: string }): StudentRecordStore {
  const serialised = serialiser();

  const load = () => readJsonFile(file, StoreFile, 'student records', { version: 1 as const, records: {} });

  const save = (content: StoreFile) => writeJsonAtomic(file, content);

  const keyed = (records: readonly StudentRecord[]) =>
    Object.fromEntries(records.map((r) => [keyOf(r.studentId), StudentRecord.parse(r)]));

  return {
    async get(studentId) {
      const { records } = await load();
      const key = keyOf(studentId);
      return Object.hasOwn(records, key) ? records[key]! : null;
    },
    upsertMany(records) {
      return serialised(async () => {
        const current = await load();
        await save({ version: 1, records: { ...current.records, ...keyed(records) } });
      });
    },
    replaceAll(records) {
      return serialised(() => save({ version: 1, records: keyed(records) }));
    },
  };
}

/** The embedded store's file: `DATA_DIR/student-records.json`. */
export function studentRecordsFile(dataDir: string): string {
  return join(dataDir, 'student-records.json');
}
