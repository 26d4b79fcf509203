import type { Kysely } from 'kysely';

/**
 * The partner agreements: each import of the whole table is a row of `agreement_imports`, and the table
 * it made is one row per partner, read back whole (`jsonb`). No import yet: the shipped seed is read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agreement_imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('agreements', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('partner_agreements')
    .addColumn('partner_id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('agreement_imports.id'))
    .addColumn('agreement', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('partner_agreements').execute();
  await db.schema.dropTable('agreement_imports').execute();
}
