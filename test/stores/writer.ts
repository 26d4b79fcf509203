import { openDatabase } from '../../app/embedded/database';
import { createSqlStudentRecordStore } from '../../stores/student-records';
import { liveRecord } from '../helpers/fixtures';

/**
 * A second process writing the stores, for the concurrency test: `tsx writer.ts PREFIX COUNT`, with
 * DATABASE_URL or DATA_DIR naming the database. Writes COUNT records, one transaction each.
 */
async function main(): Promise<void> {
  const [prefix, count] = process.argv.slice(2);
  const opened = await openDatabase({
    url: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? 'data',
  });
  try {
    const records = createSqlStudentRecordStore(opened.db);
    for (let i = 0; i < Number(count); i++) {
      await records.upsertMany([liveRecord(`${prefix}${1000 + i}`, 'state_grant', {}, Date.now())]);
    }
  } finally {
    await opened.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
