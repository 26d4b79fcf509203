import type { Kysely } from 'kysely';

/** The registrar's records, as imported from its CSV export: one row per student, the record as loaded. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('student_records')
    .addColumn('student_key', 'text', (c) => c.primaryKey())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('student_records').execute();
}
