import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest } from '../../stores/db/database';
import { createSqlStudentRecordStore } from '../../stores/student-records';
import { liveRecord } from '../helpers/fixtures';
import { ENGINES, useFreshDatabase } from './databases';

const run = promisify(execFile);
const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

describe.each(ENGINES)('the project database on %s', (engine) => {
  const database = useFreshDatabase(engine);

  test('migrations run once: a second start, and a second process, find the schema up to date', async () => {
    const again = await migrateToLatest(database().db);
    expect(again.results).toEqual([]);
    const other = await database().reopen();
    try {
      const names = await other.db
        .withTables<{ kysely_migration: { name: string } }>()
        .selectFrom('kysely_migration')
        .select('name')
        .orderBy('name')
        .execute();
      expect(names.map((n) => n.name)).toEqual(
        expect.arrayContaining(['20261201_2300_student_records', '20261201_2302_documents']),
      );
    } finally {
      await other.close();
    }
  });

  test('a transaction that fails leaves nothing; the same store seen from a second connection', async () => {
    const records = createSqlStudentRecordStore(database().db);
    const good = liveRecord('TX10001', 'state_grant');
    await records.upsertMany([good]);
    // A bad record in a batch: the whole batch is refused before anything is written.
    await expect(records.replaceAll([liveRecord('TX10002', 'paid'), { ...good, gpa: 7 }])).rejects.toThrow(
      /gpa/i,
    );
    const other = await database().reopen();
    try {
      expect(await createSqlStudentRecordStore(other.db).get('tx10001')).toEqual(good);
      expect(await createSqlStudentRecordStore(other.db).get('TX10002')).toBeNull();
    } finally {
      await other.close();
    }
  });

  test('an interrupted transaction is rolled back, even one opened through a second connection', async () => {
    const other = await database().reopen();
    try {
      await expect(
        other.db.transaction().execute(async (trx) => {
          await createSqlStudentRecordStore(trx).upsertMany([liveRecord('RB10001', 'paid')]);
          throw new Error('crash between two writes');
        }),
      ).rejects.toThrow('crash');
    } finally {
      await other.close();
    }
    expect(await createSqlStudentRecordStore(database().db).get('RB10001')).toBeNull();
  });

  test('two processes writing the same store at once lose nothing', async () => {
    const opened = database();
    const env = { ...process.env, ...opened.env };
    const count = 15;
    await Promise.all(
      ['PA', 'PB'].map((prefix) =>
        run(TSX, [join(__dirname, 'writer.ts'), 'records', prefix, String(count)], { env, timeout: 120_000 }),
      ),
    );
    const records = createSqlStudentRecordStore(opened.db);
    for (const prefix of ['PA', 'PB']) {
      for (let i = 0; i < count; i++) {
        expect(await records.get(`${prefix}${1000 + i}`)).not.toBeNull();
      }
    }
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM student_records WHERE student_key LIKE 'P_1%'`.execute(opened.db);
    expect(Number(rows[0]!.n)).toBe(2 * count);
  });
});
