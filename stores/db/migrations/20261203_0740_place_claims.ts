import { sql, type Kysely } from 'kysely';

/**
 * One row per place of a partner agreement an incoming nomination claimed (`place` is
 * `<semester>/<level>`); a released claim keeps its row with `released_at` set. A case holds at most one
 * live claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('place_claims')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addColumn('release_reason', 'text')
    .execute();
  await sql`CREATE INDEX place_claims_live ON place_claims (partner_id, place) WHERE released_at IS NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX place_claims_one_live_per_case ON place_claims (case_id) WHERE released_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('place_claims').execute();
}
