import type { Kysely } from 'kysely';

/** The language each mail recipient reads, by lower-cased address; an address without a row reads English. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_languages')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_languages').execute();
}
