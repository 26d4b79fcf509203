import { openDatabase } from '../../app/embedded/database';
import type { SqlDatabase } from '../../stores/db/database';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import { sqlLanguagePreferences } from '../../stores/outbox-languages';
import { createSqlStudentRecordStore } from '../../stores/student-records';
import { liveRecord } from '../helpers/fixtures';

/** One write of `n` to each store the concurrency tests race on. */
const WRITES: Record<string, (db: SqlDatabase, n: string) => Promise<void>> = {
  records: (db, n) =>
    createSqlStudentRecordStore(db).upsertMany([liveRecord(n, 'state_grant', {}, Date.now())]),
  equivalences: (db, n) =>
    createSqlEquivalenceStore(db).record([
      {
        partnerId: 'tum',
        programme: '6B06102',
        kbtuCode: 'CSE2210',
        partnerCodes: ['IN0007'],
        approvedBy: 'marat',
        approvedAt: new Date().toISOString(),
        caseId: `outgoing-${n}`,
      },
    ]),
  languages: (db, n) => sqlLanguagePreferences(db).setMany([{ address: `${n}@kbtu.test`, language: 'ru' }]),
};

/**
 * A second process writing the stores, for the concurrency tests: `tsx writer.ts STORES PREFIX COUNT`,
 * with DATABASE_URL or DATA_DIR naming the database. Writes COUNT rows (`PREFIX1000`, …) to each of STORES
 * (a comma-separated list of WRITES' names), one write each, the stores taking turns.
 */
async function main(): Promise<void> {
  const [stores, prefix, count] = process.argv.slice(2);
  const writes = stores!.split(',').map((name) => {
    const write = WRITES[name];
    if (!write) throw new Error(`unknown store ${name}`);
    return write;
  });
  const opened = await openDatabase({
    url: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? 'data',
  });
  try {
    for (let i = 0; i < Number(count); i++) {
      for (const write of writes) await write(opened.db, `${prefix}${1000 + i}`);
    }
  } finally {
    await opened.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
