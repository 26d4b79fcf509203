import type { Kysely } from 'kysely';

/**
 * The course-equivalence register: one row per approved match, keyed by the case, the partner and the
 * KBTU course (recording a case's match again replaces it); read by partner and programme, newest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course_equivalences')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('kbtu_code', 'text', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('entry', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_equivalences_pkey', ['case_id', 'partner_id', 'kbtu_code'])
    .execute();
  await db.schema
    .createIndex('course_equivalences_by_partner')
    .on('course_equivalences')
    .columns(['partner_id', 'programme'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('course_equivalences').execute();
}
