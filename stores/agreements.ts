import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Generated } from 'kysely';
import { AgreementTable, PartnerAgreement } from '../domain/agreement';
import { describeIssues, fieldIssues, type FieldIssue } from '../domain/issues';
import { inTransaction, type SqlDatabase } from './db/database';

/**
 * Where the partner agreements are kept: a table loaded whole (an import replaces it, all or nothing)
 * and read by calls when they work out their places.
 */
export interface AgreementStore {
  list(): Promise<PartnerAgreement[]>;
  get(partnerId: string): Promise<PartnerAgreement | null>;
  /** Makes these agreements the whole table; `source` says where they came from (a file's path). */
  replaceAll(agreements: readonly PartnerAgreement[], source: string): Promise<AgreementImport>;
}

/** One import of the whole table, as recorded. */
export interface AgreementImport {
  id: number;
  source: string;
  agreements: number;
  importedAt: string;
}

/** The tables this store keeps (stores/db/migrations/20261202_1650_partner_agreements.ts). */
export type AgreementTables = {
  agreement_imports: {
    id: Generated<number>;
    source: string;
    agreements: number;
    imported_at: string;
  };
  partner_agreements: { partner_id: string; import_id: number; agreement: unknown };
};

/**
 * The store in the project's database. An import is one transaction that first locks the table against
 * other writers (readers go on reading the old table), then deletes every row and inserts the new ones:
 * without the lock, two imports at once could each delete only the rows committed before it began and
 * leave both tables' partners mixed. Until the first import it reads the `seed` table (the shipped
 * `seed/agreements.json` by default); an imported empty table is empty.
 */
export function createSqlAgreementStore(
  database: SqlDatabase,
  { seed = SEED_AGREEMENTS_FILE }: { seed?: string | null } = {},
): AgreementStore {
  const db = database.withTables<AgreementTables>();
  const neverImported = async () =>
    (await db.selectFrom('agreement_imports').select('id').limit(1).executeTakeFirst()) === undefined;
  const seeded = async () => {
    if (seed === null) return [];
    const read = await readAgreementTable(seed);
    if ('issues' in read)
      throw new Error(`agreements file ${seed} is invalid: ${describeIssues(read.issues)}`);
    return [...read.agreements].sort((a, b) => a.partnerId.localeCompare(b.partnerId));
  };
  return {
    async list() {
      const rows = await db
        .selectFrom('partner_agreements')
        .select(['partner_id', 'agreement'])
        .orderBy('partner_id')
        .execute();
      if (rows.length === 0 && (await neverImported())) return seeded();
      return rows.map((r) => parsedRow(r.partner_id, r.agreement));
    },
    async get(partnerId) {
      const row = await db
        .selectFrom('partner_agreements')
        .select('agreement')
        .where('partner_id', '=', partnerId)
        .executeTakeFirst();
      if (row) return parsedRow(partnerId, row.agreement);
      if (await neverImported()) return (await seeded()).find((a) => a.partnerId === partnerId) ?? null;
      return null;
    },
    async replaceAll(agreements, source) {
      const table = AgreementTable.parse(agreements);
      const importedAt = new Date().toISOString();
      return inTransaction(db, async (trx) => {
        await sql`LOCK TABLE partner_agreements IN EXCLUSIVE MODE`.execute(trx);
        await trx.deleteFrom('partner_agreements').execute();
        const made = await trx
          .insertInto('agreement_imports')
          .values({ source, agreements: table.length, imported_at: importedAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (table.length > 0) {
          await trx
            .insertInto('partner_agreements')
            .values(
              table.map((a) => ({
                partner_id: a.partnerId,
                import_id: made.id,
                agreement: JSON.stringify(a),
              })),
            )
            .execute();
        }
        return { id: made.id, source, agreements: table.length, importedAt };
      });
    },
  };
}

function parsedRow(partnerId: string, value: unknown): PartnerAgreement {
  const parsed = PartnerAgreement.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `partner_agreements: the agreement of ${partnerId} is invalid at ${describeIssues(fieldIssues(parsed.error, '(row)'))}`,
    );
  }
  return parsed.data;
}

/** The agreements shipped with the system (`seed/agreements.json`), read until the first import. */
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
