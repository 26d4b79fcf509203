import { sql, type Generated } from 'kysely';
import { inTransaction, type SqlDatabase } from './db/database';

/** A partner agreement's places of one `<semester>/<level>`. */
export interface PlaceKey {
  partnerId: string;
  place: string;
}

export interface PlaceClaim extends PlaceKey {
  id: number;
  caseId: string;
  claimedAt: string;
}

/** One place wanted: for `caseId`, among `limit` places of the key. */
export interface ClaimRequest extends PlaceKey {
  caseId: string;
  limit: number;
}

export interface ClaimRules {
  /** Places the key's cases take that have no claim row (cases opened before the table existed). */
  seed?: (key: PlaceKey) => number;
  /** Of these live claims, the ids whose place is free again (their case ended); asked only at the limit. */
  freed?: (claims: PlaceClaim[]) => Promise<number[]>;
}

export type ClaimOutcome = { ok: true; claims: number[] } | { ok: false; index: number; taken: number };

/** The places incoming nominations hold; claiming is atomic per partner and place. */
export interface PlaceClaimStore {
  /** All of `requests` claimed in one transaction, or none: the first that finds its places taken says so. */
  claim(requests: readonly ClaimRequest[], rules?: ClaimRules): Promise<ClaimOutcome>;
  /** Frees claims (the case they were for did not start). */
  release(ids: readonly number[], reason: string): Promise<void>;
}

/** The table this store keeps (stores/db/migrations/20261203_0740_place_claims.ts). */
export type PlaceClaimTables = {
  place_claims: {
    id: Generated<number>;
    partner_id: string;
    place: string;
    case_id: string;
    claimed_at: string;
    released_at: string | null;
    release_reason: string | null;
  };
};

const keyOf = (k: PlaceKey) => `place-claims:${k.partnerId}:${k.place}`;

/**
 * The store in the project's database. A claim transaction first takes a transaction-scoped advisory lock
 * per key (in key order, so two batches cannot deadlock): claimants of the same places run one after the
 * other, each counting what the previous committed. PGlite serves one session at a time anyway.
 */
export function createSqlPlaceClaimStore(database: SqlDatabase): PlaceClaimStore {
  const db = database.withTables<PlaceClaimTables>();
  return {
    claim(requests, rules = {}) {
      return inTransaction(db, async (trx) => {
        const keys = [...new Set(requests.map(keyOf))].sort();
        for (const k of keys) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${k}, 0))`.execute(trx);
        const live = (k: PlaceKey) =>
          trx
            .selectFrom('place_claims')
            .select(['id', 'partner_id', 'place', 'case_id', 'claimed_at'])
            .where('partner_id', '=', k.partnerId)
            .where('place', '=', k.place)
            .where('released_at', 'is', null)
            .execute();
        const mine = new Map<string, number>();
        const claims: number[] = [];
        for (const [index, r] of requests.entries()) {
          const inBatch = mine.get(keyOf(r)) ?? 0;
          const seed = (rules.seed?.(r) ?? 0) + inBatch;
          let rows = await live(r);
          if (Math.max(rows.length, seed) >= r.limit && rules.freed && rows.length > inBatch) {
            const freed = await rules.freed(
              rows
                .filter((row) => !claims.includes(row.id))
                .map((row) => ({
                  id: row.id,
                  partnerId: row.partner_id,
                  place: row.place,
                  caseId: row.case_id,
                  claimedAt: new Date(row.claimed_at).toISOString(),
                })),
            );
            if (freed.length > 0) {
              await trx
                .updateTable('place_claims')
                .set({ released_at: new Date().toISOString(), release_reason: 'case ended' })
                .where('id', 'in', freed)
                .execute();
              rows = await live(r);
            }
          }
          const taken = Math.max(rows.length, seed);
          if (taken >= r.limit) throw new Refused(index, taken);
          const made = await trx
            .insertInto('place_claims')
            .values({
              partner_id: r.partnerId,
              place: r.place,
              case_id: r.caseId,
              claimed_at: new Date().toISOString(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          claims.push(made.id);
          mine.set(keyOf(r), inBatch + 1);
        }
        return { ok: true as const, claims };
      }).catch((err: unknown) => {
        if (err instanceof Refused) return { ok: false as const, index: err.index, taken: err.taken };
        throw err;
      });
    },
    async release(ids, reason) {
      if (ids.length === 0) return;
      await db
        .updateTable('place_claims')
        .set({ released_at: new Date().toISOString(), release_reason: reason })
        .where('id', 'in', [...ids])
        .where('released_at', 'is', null)
        .execute();
    },
  };
}

/** Rolls the claim transaction back: nothing of a refused batch is kept. */
class Refused extends Error {
  constructor(
    readonly index: number,
    readonly taken: number,
  ) {
    super(`place claim ${index} refused: ${taken} taken`);
  }
}
