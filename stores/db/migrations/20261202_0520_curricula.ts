import type { Kysely } from 'kysely';

/**
 * The KBTU working curricula, one row per course of a programme-semester, and the partners' course
 * catalogues, one row per course; `position` keeps the order of the imported file. The course itself is
 * read back whole (`jsonb`); what an import replaces and a reader asks for by is its own column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('curriculum_courses')
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('semester', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('course', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('curriculum_courses_pkey', ['programme', 'semester', 'position'])
    .execute();
  await db.schema
    .createTable('partner_courses')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('course', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_courses_pkey', ['partner_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('partner_courses').execute();
  await db.schema.dropTable('curriculum_courses').execute();
}
