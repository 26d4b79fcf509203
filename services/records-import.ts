import { readFile } from 'node:fs/promises';
import { parseStudentCsv, type CsvRowError } from './student-csv';
import type { StudentRecordStore } from '../stores/student-records';

export type ImportResult = { ok: true; count: number } | { ok: false; errors: CsvRowError[] };

/**
 * Loads the registrar's CSV export into the store, all or nothing: if any row is bad, nothing is
 * loaded and every bad row is reported; otherwise every record is upserted (students not in the
 * file keep their records). A file that cannot be read throws.
 */
export async function importStudentCsv(path: string, store: StudentRecordStore): Promise<ImportResult> {
  const { records, errors } = parseStudentCsv(await readFile(path, 'utf8'));
  if (errors.length > 0) return { ok: false, errors };
  await store.upsertMany(records);
  return { ok: true, count: records.length };
}
