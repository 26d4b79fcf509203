import { describeIssues, fieldIssues } from '../domain/issues';
import { Equivalence } from '../domain/curriculum';
import type { SqlDatabase } from './db/database';

/**
 * The course-equivalence register: every match a dean's office approved, per partner, so the next
 * student going there is offered it. Recording the same case's matches again changes nothing.
 */
export interface EquivalenceStore {
  record(entries: Equivalence[]): Promise<void>;
  /** The partner's approved matches, newest first; for one programme when given. */
  forPartner(partnerId: string, programme?: string): Promise<Equivalence[]>;
}

/** The table this store keeps (stores/db/migrations/20261202_0521_course_equivalences.ts). */
export type EquivalenceTables = {
  course_equivalences: {
    case_id: string;
    partner_id: string;
    kbtu_code: string;
    programme: string;
    approved_at: string;
    entry: unknown;
  };
};

/**
 * The register in the project's database: one row per (case, partner, KBTU course). `record` is one
 * upsert statement, so the entries of one call land together or not at all, and a second recording of
 * the same case's matches replaces the first.
 */
export function createSqlEquivalenceStore(database: SqlDatabase): EquivalenceStore {
  const db = database.withTables<EquivalenceTables>();
  return {
    async record(entries) {
      // One statement may not upsert a key twice: the last entry of a key wins, as before.
      const byKey = new Map(
        entries.map((e) => [JSON.stringify([e.caseId, e.partnerId, e.kbtuCode]), Equivalence.parse(e)]),
      );
      if (byKey.size === 0) return;
      await db
        .insertInto('course_equivalences')
        .values(
          [...byKey.values()].map((e) => ({
            case_id: e.caseId,
            partner_id: e.partnerId,
            kbtu_code: e.kbtuCode,
            programme: e.programme,
            approved_at: e.approvedAt,
            entry: JSON.stringify(e),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['case_id', 'partner_id', 'kbtu_code']).doUpdateSet((eb) => ({
            programme: eb.ref('excluded.programme'),
            approved_at: eb.ref('excluded.approved_at'),
            entry: eb.ref('excluded.entry'),
          })),
        )
        .execute();
    },
    async forPartner(partnerId, programme) {
      let query = db
        .selectFrom('course_equivalences')
        .select('entry')
        .where('partner_id', '=', partnerId)
        .orderBy('approved_at', 'desc')
        .orderBy('case_id')
        .orderBy('kbtu_code');
      if (programme) query = query.where('programme', '=', programme);
      const rows = await query.execute();
      return rows.map((r) => {
        const parsed = Equivalence.safeParse(r.entry);
        if (!parsed.success) {
          throw new Error(
            `an equivalence of ${partnerId} in the database is invalid at ${describeIssues(fieldIssues(parsed.error, '(row)'))}`,
          );
        }
        return parsed.data;
      });
    },
  };
}
