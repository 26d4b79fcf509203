import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AgreementTable, type PartnerAgreement } from '../domain/agreement';
import { describeIssues, fieldIssues, type FieldIssue } from '../domain/issues';
import { readJsonFile, serialiser, writeJsonAtomic } from './json-file';

/**
 * Where the partner agreements are kept: a table loaded whole (an import replaces it, all or nothing)
 * and read by calls when they work out their places.
 */
export interface AgreementStore {
  list(): Promise<PartnerAgreement[]>;
  get(partnerId: string): Promise<PartnerAgreement | null>;
  /** Makes these agreements the whole table. */
  replaceAll(agreements: readonly PartnerAgreement[]): Promise<void>;
}

const StoreFile = z.object({ version: z.literal(1), agreements: AgreementTable });

/**
 * The embedded store: the table in one JSON file (`DATA_DIR/agreements.json`), written atomically. Until
 * the first import it reads the `seed` table (the shipped `seed/agreements.json` by default).
 */
export function createFileAgreementStore({
  file,
  seed = SEED_AGREEMENTS_FILE,
}: {
  file: string;
  seed?: string | null;
}): AgreementStore {
  const serialised = serialiser();
  const load = async () => {
    const kept = await readJsonFile(file, StoreFile.nullable(), 'agreements', null);
    if (kept) return kept.agreements;
    if (seed === null) return [];
    const read = await readAgreementTable(seed);
    if ('issues' in read)
      throw new Error(`agreements file ${seed} is invalid: ${describeIssues(read.issues)}`);
    return read.agreements;
  };
  return {
    list: async () => [...(await load())].sort((a, b) => a.partnerId.localeCompare(b.partnerId)),
    get: async (partnerId) => (await load()).find((a) => a.partnerId === partnerId) ?? null,
    replaceAll: (agreements) =>
      serialised(() => writeJsonAtomic(file, { version: 1, agreements: AgreementTable.parse(agreements) })),
  };
}

export const agreementsFile = (dataDir: string) => join(dataDir, 'agreements.json');

/** The agreements shipped with the system (`seed/agreements.json`), loaded into an empty store. */
export const SEED_AGREEMENTS_FILE = join(__dirname, '..', 'seed', 'agreements.json');

/** A table read from a JSON file: every row valid, or every problem named by row and field. */
export async function readAgreementTable(
  file: string,
): Promise<{ agreements: PartnerAgreement[] } | { issues: FieldIssue[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return { issues: [{ path: '(file)', message: `${file}: ${(err as Error).message}` }] };
  }
  const parsed = AgreementTable.safeParse(raw);
  return parsed.success ? { agreements: parsed.data } : { issues: fieldIssues(parsed.error, '(file)') };
}
