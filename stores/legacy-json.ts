import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudentRecord } from '../domain/student-record';
import { readIfExists, readJsonFile } from './json-file';

/**
 * The JSON files of versions before the database (student records, unencrypted documents), read once by `mobility data import-json` and then renamed to `*.imported`.
 */
const RecordsFile = z.object({ version: z.literal(1), records: z.record(z.string(), StudentRecord) });

export const legacyFiles = (dataDir: string) => ({
  records: join(dataDir, 'student-records.json'),
  documents: join(dataDir, 'documents'),
});

/** The records of `student-records.json`, or undefined when there is no such file. */
export async function readLegacyRecords(file: string): Promise<StudentRecord[] | undefined> {
  if ((await readIfExists(file)) === undefined) return undefined;
  const content = await readJsonFile(file, RecordsFile, 'student records', {
    version: 1 as const,
    records: {},
  });
  return Object.values(content.records);
}

const PLAIN_DOCUMENT = /^[0-9a-f]{64}$/;

/** The unencrypted documents the old store kept as `<dir>/<aa>/<sha256>` (no extension), by path. */
export async function listLegacyDocuments(dir: string): Promise<string[]> {
  const folders = await readdir(dir).catch(() => [] as string[]);
  const found: string[] = [];
  for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f))) {
    for (const file of await readdir(join(dir, folder)).catch(() => [] as string[])) {
      if (PLAIN_DOCUMENT.test(file) && file.startsWith(folder)) found.push(join(dir, folder, file));
    }
  }
  return found.sort();
}

export const readLegacyDocument = (path: string) => readFile(path);

/** Marks a file as imported, so the next import skips it and nothing reads it again. */
export const markImported = (path: string) => rename(path, `${path}.imported`);
