import type { SqlDatabase } from './db/database';
import type { OutboxRecord, OutboxStore } from './outbox';

/** The table this store keeps (stores/db/migrations/20261202_0255_outbox.ts). */
export type OutboxTables = {
  outbox_messages: {
    message_key: string;
    case_id: string;
    state: string;
    record: unknown;
    updated_at: string;
  };
};

/**
 * The outbox in the project's database, shared by every worker process (on one machine or many): `put`
 * is one upsert, durable when it returns (the database commits it), so a retried activity in any worker
 * reads what a crashed one wrote. The record is written whole; the key, case and state are columns too.
 */
export function sqlOutbox(database: SqlDatabase): OutboxStore {
  const db = database.withTables<OutboxTables>();
  return {
    async get(key) {
      const row = await db
        .selectFrom('outbox_messages')
        .select('record')
        .where('message_key', '=', key)
        .executeTakeFirst();
      return row ? (row.record as OutboxRecord) : undefined;
    },
    async byCase(caseId) {
      const rows = await db
        .selectFrom('outbox_messages')
        .select('record')
        .where('case_id', '=', caseId)
        .orderBy('message_key')
        .execute();
      return rows.map((r) => r.record as OutboxRecord);
    },
    async put(record) {
      const row = {
        message_key: record.key,
        case_id: record.caseId,
        state: record.state,
        record: JSON.stringify(record),
        updated_at: record.updatedAt,
      };
      await db
        .insertInto('outbox_messages')
        .values(row)
        .onConflict((oc) =>
          oc.column('message_key').doUpdateSet((eb) => ({
            case_id: eb.ref('excluded.case_id'),
            state: eb.ref('excluded.state'),
            record: eb.ref('excluded.record'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}
