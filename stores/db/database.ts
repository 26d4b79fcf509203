import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';

/**
 * The project's own data (everything Temporal does not hold) lives in one SQL database, PostgreSQL's
 * dialect: PGlite embedded under DATA_DIR by default, a PostgreSQL server when DATABASE_URL is set
 * (app/embedded/database.ts opens either). Conventions, for everyone adding a table:
 *
 * - **A migration per change, never an edit.** Add a file to `stores/db/migrations/` named
 *   `YYYYMMDD_HHMM_<what>.ts` (UTC, the time you write it) that exports `up(db: Kysely<unknown>)` (and
 *   `down` when it can be undone). Migrations run in name order at start-up, each in its own transaction,
 *   and are recorded in `kysely_migration`; one that landed with an earlier name than one already run still
 *   runs (parallel branches). A migration uses only Kysely's schema builder and `sql`, never store code, so
 *   it means the same thing forever.
 * - **Names**: tables and columns in snake_case; the table is named for what a row is, plural
 *   (`student_records`). Times are `timestamptz`, sent and read as ISO strings by the store; whole
 *   domain objects that are only read back by key may be one `jsonb` column, validated with their zod
 *   schema when read; anything queried or joined on is its own column.
 * - **Types**: a store declares the rows it reads and writes as a type beside it (`type XTables = {
 *   table: { column: type } }`, a type alias: Kysely needs an index signature an interface lacks) and works
 *   on `db.withTables<XTables>()`; there is no global schema type to edit.
 * - **Transactions** where two writes belong together: `inTransaction(db, async (trx) => …)`, which
 *   joins the caller's transaction when `db` already is one (a store built on a transaction, e.g.
 *   `createSqlStudentRecordStore(trx)`, writes inside it).
 * - **The embedded engine is one session at a time** (app/embedded/database-bridge.ts): inside a
 *   transaction, use only `trx`, never the outer `db`, or the process waits for itself.
 * - **Tests**: `test/stores/databases.ts` gives a fresh, migrated database of each engine
 *   (`describe.each(ENGINES)`); a store's suite runs on both.
 */
export type SqlDatabase = Kysely<object>;

/** Runs `work` in a transaction: a new one, or the caller's when `db` is already a transaction. */
export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The folder of migration files. */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');

const MIGRATION_FILE = /^\d{8}_\d{4}_[a-z0-9_]+\.(ts|js)$/;

/**
 * Reads the migrations folder. Kysely's own FileMigrationProvider loads with a native `import()`, which
 * neither jest's sandbox nor tsx's CommonJS hook resolves to a `.ts` file; `require` goes through both.
 */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
      const module = require(join(this.dir, file)) as Partial<Migration>;
      if (typeof module.up !== 'function') throw new Error(`migration ${file} exports no up()`);
      migrations[file.replace(/\.(ts|js)$/, '')] = module as Migration;
    }
    return migrations;
  }
}

/** Brings the schema up to date; concurrent callers (two processes starting) wait for each other's lock. */
export async function migrateToLatest(
  db: SqlDatabase,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(dir),
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed =
      result.results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)';
    throw new Error(
      `database migration ${failed} failed: ${(result.error as Error).message ?? result.error}`,
    );
  }
  return result;
}
