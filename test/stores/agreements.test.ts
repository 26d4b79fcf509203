import { sql } from 'kysely';
import type { PartnerAgreement } from '../../domain/agreement';
import { createSqlAgreementStore, readAgreementTable, SEED_AGREEMENTS_FILE } from '../../stores/agreements';
import type { SqlDatabase } from '../../stores/db/database';
import { waitFor } from '../helpers/wait';
import { ENGINES, useFreshDatabase } from './databases';

const agreement = (partnerId: string, places = 2): PartnerAgreement => ({
  partnerId,
  partnerName: `University ${partnerId}`,
  tracks: ['erasmus'],
  places: [{ term: 'spring', degree: 'bachelor', places }],
  schools: ['SITE'],
  contact: { name: 'Exchange Office', email: `exchange@${partnerId}.example` },
});

/** Sessions of this database waiting for a lock another transaction holds (PostgreSQL only). */
async function waitingOnLocks(db: SqlDatabase): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
  return rows[0]!.n;
}

describe.each(ENGINES)('partner agreements on %s', (engine) => {
  const database = useFreshDatabase(engine);

  test('the shipped seed until the first import; an import replaces the table whole and is recorded', async () => {
    const store = createSqlAgreementStore(database().db);
    const seed = await readAgreementTable(SEED_AGREEMENTS_FILE);
    if ('issues' in seed) throw new Error('the shipped seed is invalid');
    const byId = (a: PartnerAgreement, b: PartnerAgreement) => a.partnerId.localeCompare(b.partnerId);
    expect(await store.list()).toEqual([...seed.agreements].sort(byId));
    expect(await store.get('epfl')).toEqual(seed.agreements.find((a) => a.partnerId === 'epfl'));

    const made = await store.replaceAll([agreement('utm'), agreement('kth')], '/srv/agreements-2027.json');
    expect(made).toEqual({
      id: expect.any(Number),
      source: '/srv/agreements-2027.json',
      agreements: 2,
      importedAt: expect.any(String),
    });
    expect(await store.list()).toEqual([agreement('kth'), agreement('utm')]);
    expect(await store.get('epfl')).toBeNull();

    // A table with a partner twice is refused before anything is written.
    await expect(store.replaceAll([agreement('aalto'), agreement('aalto')], 'twice.json')).rejects.toThrow(
      /partner aalto is listed twice/,
    );
    expect(await store.list()).toEqual([agreement('kth'), agreement('utm')]);

    // An imported empty table is empty: the seed is only for a database never imported into.
    const empty = await store.replaceAll([], 'empty.json');
    expect(empty.id).toBeGreaterThan(made.id);
    expect(await store.list()).toEqual([]);
    expect(await store.get('tum')).toBeNull();
  });

  test('a row that no longer parses is refused when read, naming the partner and the field', async () => {
    const store = createSqlAgreementStore(database().db);
    const { id } = await store.replaceAll([agreement('kth')], 'kth.json');
    const bad = JSON.stringify({ ...agreement('bad'), places: [] });
    await sql`INSERT INTO partner_agreements VALUES ('bad', ${id}, ${bad}::jsonb)`.execute(database().db);
    await expect(store.list()).rejects.toThrow(
      'partner_agreements: the agreement of bad is invalid at places',
    );
    await expect(store.get('bad')).rejects.toThrow('the agreement of bad is invalid');
    expect(await store.get('kth')).toEqual(agreement('kth'));
    await store.replaceAll([], 'empty.json');
  });

  test('two imports at once: the second waits for the first, then its table is the whole table', async () => {
    const db = database().db;
    await createSqlAgreementStore(db).replaceAll([agreement('tum')], 'before.json');
    // The second importer is another connection, as another process's CLI would be.
    const other = await database().reopen();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const firstWritten = new Promise<void>((resolve) => (written = resolve));
      // The first import has deleted and inserted but not committed when the second starts.
      const first = db.transaction().execute(async (trx) => {
        await createSqlAgreementStore(trx).replaceAll([agreement('kth'), agreement('aalto')], 'first.json');
        written();
        await held;
      });
      await firstWritten;
      let secondDone = false;
      const second = createSqlAgreementStore(other.db)
        .replaceAll([agreement('utm', 5)], 'second.json')
        .finally(() => (secondDone = true));
      // PostgreSQL: the second has begun and waits for the lock (without it, it would finish on its own,
      // deleting only what the first had not). PGlite serves one session at a time, so it waits anyway.
      if (engine === 'postgresql') {
        await waitFor('the second import to wait for the first', async () =>
          secondDone || (await waitingOnLocks(db)) > 0 ? true : undefined,
        );
      }
      release();
      await first;
      await second;
    } finally {
      await other.close();
    }
    expect(await createSqlAgreementStore(db).list()).toEqual([agreement('utm', 5)]);
    const imports = await db
      .withTables<{ agreement_imports: { source: string; id: number } }>()
      .selectFrom('agreement_imports')
      .select('source')
      .orderBy('id')
      .execute();
    expect(imports.map((i) => i.source).slice(-3)).toEqual(['before.json', 'first.json', 'second.json']);
  });
});
