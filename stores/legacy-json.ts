import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AgreementTable } from '../domain/agreement';
import { Equivalence, KbtuCourse, PartnerCourse } from '../domain/curriculum';
import { describeIssues, fieldIssues } from '../domain/issues';
import { Language } from '../domain/notification';
import { StudentRecord } from '../domain/student-record';

/**
 * The JSON files of versions before the database (student records, partner agreements, curricula and
 * catalogues, the equivalence register, mail languages, unencrypted documents), read once by `mobility
 * data import-json` and then renamed to `*.imported`.
 */
const RecordsFile = z.object({ version: z.literal(1), records: z.record(z.string(), StudentRecord) });
const AgreementsFile = z.object({ version: z.literal(1), agreements: AgreementTable });
const CurriculaFile = z.object({
  version: z.literal(1),
  semesters: z.record(z.string(), z.array(KbtuCourse)),
  catalogues: z.record(z.string(), z.array(PartnerCourse)),
});
const EquivalencesFile = z.object({ version: z.literal(1), entries: z.array(Equivalence) });
const LanguagesFile = z.record(z.string(), Language);

export const legacyFiles = (dataDir: string) => ({
  records: join(dataDir, 'student-records.json'),
  agreements: join(dataDir, 'agreements.json'),
  curricula: join(dataDir, 'curricula.json'),
  equivalences: join(dataDir, 'equivalences.json'),
  languages: join(dataDir, 'mail-languages.json'),
  documents: join(dataDir, 'documents'),
});

/** Reads one old file with its schema (errors name the file, field and rule); undefined when absent. */
async function readLegacy<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${what} file ${file} is invalid at ${describeIssues(fieldIssues(parsed.error, '(file)'))}`,
    );
  }
  return parsed.data;
}

export const readLegacyAgreements = async (file: string) =>
  (await readLegacy(file, AgreementsFile, 'agreements'))?.agreements;

export const readLegacyCurricula = (file: string) => readLegacy(file, CurriculaFile, 'curricula');
export const readLegacyEquivalences = async (file: string) =>
  (await readLegacy(file, EquivalencesFile, 'equivalence register'))?.entries;
export const readLegacyLanguages = async (file: string) => {
  const content = await readLegacy(file, LanguagesFile, 'mail languages');
  return content && Object.entries(content).map(([address, language]) => ({ address, language }));
};

/** The records of `student-records.json`, or undefined when there is no such file. */
export async function readLegacyRecords(file: string): Promise<StudentRecord[] | undefined> {
  const content = await readLegacy(file, RecordsFile, 'student records');
  return content && Object.values(content.records);
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
