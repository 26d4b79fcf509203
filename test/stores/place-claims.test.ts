import { createSqlPlaceClaimStore } from '../../stores/place-claims';
import { sql } from 'kysely';
import type { SqlDatabase } from '../../stores/db/database';
import { waitFor } from '../helpers/wait';
import { ENGINES, useFreshDatabase } from './databases';

/** Sessions of this database waiting for a lock another transaction holds (PostgreSQL only). */
async function waitingOnLocks(db: SqlDatabase): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type IN ('Lock', 'Advisory')`.execute(db);
  return rows[0]!.n;
}

describe.each(ENGINES)('place claims on %s', (engine) => {
  const database = useFreshDatabase(engine);
  const want = (caseId: string, limit = 2) => ({
    partnerId: 'tum',
    place: `${engine}/bachelor`,
    caseId,
    limit,
  });

  test('claims up to the limit, the next refused; a freed place is claimed again', async () => {
    const store = createSqlPlaceClaimStore(database().db);
    expect(await store.claim([want('a'), want('b')])).toEqual({
      ok: true,
      claims: [expect.any(Number), expect.any(Number)],
    });
    expect(await store.claim([want('c')])).toEqual({ ok: false, index: 0, taken: 2 });
    const freedA = await store.claim([want('c')], {
      freed: async (claims) => claims.filter((c) => c.caseId === 'a').map((c) => c.id),
    });
    expect(freedA.ok).toBe(true);
    expect(await store.claim([want('d')], { freed: async () => [] })).toEqual({
      ok: false,
      index: 0,
      taken: 2,
    });
  });

  test('two claims at once for the last place: the second waits for the first and is refused', async () => {
    const key = { partnerId: 'kth', place: `${engine}/master`, limit: 2 };
    const db = database().db;
    await createSqlPlaceClaimStore(db).claim([{ ...key, caseId: 'x' }]);
    // The second claimant is another connection, as another API process would be.
    const other = await database().reopen();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let claimed!: () => void;
      const firstClaimed = new Promise<void>((resolve) => (claimed = resolve));
      // The first has counted and inserted but not committed when the second starts.
      const first = db.transaction().execute(async (trx) => {
        const outcome = await createSqlPlaceClaimStore(trx).claim([{ ...key, caseId: 'y1' }]);
        claimed();
        await held;
        return outcome;
      });
      await firstClaimed;
      let secondDone = false;
      const second = createSqlPlaceClaimStore(other.db)
        .claim([{ ...key, caseId: 'y2' }])
        .finally(() => (secondDone = true));
      // PostgreSQL: without the lock the second would count one claim (the first's is uncommitted) and
      // take the place too. PGlite serves one session at a time, so it waits anyway.
      if (engine === 'postgresql') {
        await waitFor('the second claim to wait for the first', async () =>
          secondDone || (await waitingOnLocks(db)) > 0 ? true : undefined,
        );
      }
      release();
      expect(await first).toMatchObject({ ok: true });
      expect(await second).toEqual({ ok: false, index: 0, taken: 2 });
    } finally {
      await other.close();
    }
  });
});
