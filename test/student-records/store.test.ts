import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createStudentRecordActivities } from '../../activities/student-records/activities';
import { parseStudentCsv } from '../../services/student-csv';
import { importStudentCsv } from '../../services/records-import';
import { sql } from 'kysely';
import { createSqlStudentRecordStore, type StudentRecordSource } from '../../stores/student-records';
import { ENGINES, useFreshDatabase } from '../stores/databases';
import type { StudentRecord } from '../../domain/student-record';
import { csv, HEADER, master, row, useTempDir } from './support';

const tmp = useTempDir();
const recordsOf = (...rows: string[]) => parseStudentCsv(csv(HEADER, ...rows)).records;
const aruzhan = () => recordsOf(row())[0]!;
const aigerim = () => recordsOf(master())[0]!;

describe.each(ENGINES)('the SQL store on %s', (engine) => {
  const database = useFreshDatabase(engine);
  const store = () => createSqlStudentRecordStore(database().db);
  beforeEach(() => store().replaceAll([]));

  test('round-trips records, finds ids case-insensitively, and returns null for unknown students', async () => {
    expect(await store().get('23B030112')).toBeNull();
    await store().upsertMany([aruzhan(), aigerim()]);
    expect(await store().get('23B030112')).toEqual(aruzhan());
    expect(await store().get('24m040019')).toEqual(aigerim());
    expect(await store().get('99B999999')).toBeNull();
    // another process (here: another connection to the same database) sees the same data
    const other = await database().reopen();
    try {
      expect(await createSqlStudentRecordStore(other.db).get('24M040019')).toEqual(aigerim());
    } finally {
      await other.close();
    }
  });

  test('upsertMany replaces and adds, replaceAll replaces everything', async () => {
    await store().upsertMany([aruzhan(), aigerim()]);
    await store().upsertMany([{ ...aruzhan(), gpa: 3.9 }]);
    expect((await store().get('23B030112'))?.gpa).toBe(3.9);
    expect(await store().get('24M040019')).not.toBeNull();
    await store().replaceAll([aigerim()]);
    expect(await store().get('23B030112')).toBeNull();
    expect(await store().get('24M040019')).toEqual(aigerim());
  });

  test('the same student twice in one batch: the last row wins; more rows than one statement takes', async () => {
    await store().upsertMany([aruzhan(), { ...aruzhan(), studentId: '23b030112', gpa: 2.8 }]);
    expect((await store().get('23B030112'))?.gpa).toBe(2.8);
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...aruzhan(), studentId: `M${100000 + i}` }));
    await store().replaceAll(many);
    expect(await store().get('M102499')).not.toBeNull();
    expect(await store().get('23B030112')).toBeNull();
  });

  test('concurrent writes from one process all land', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `S${1000 + i}`);
    await Promise.all(ids.map((studentId) => store().upsertMany([{ ...aruzhan(), studentId }])));
    for (const id of ids) expect(await store().get(id)).not.toBeNull();
  });

  test('refuses to write an invalid record, and names a record the database holds that no longer fits', async () => {
    await expect(store().upsertMany([{ ...aruzhan(), gpa: 5 }])).rejects.toThrow(/between 0 and 4/);
    expect(await store().get('23B030112')).toBeNull();
    await sql`INSERT INTO student_records VALUES ('X1234', ${JSON.stringify({ studentId: 'X1234' })}, now())`.execute(
      database().db,
    );
    await expect(store().get('x1234')).rejects.toThrow(
      /student record x1234 in the database is invalid at fullName: Invalid input/,
    );
  });

  describe('importStudentCsv', () => {
    test('a file with one bad row loads nothing, and the store keeps what it had', async () => {
      await store().upsertMany([aruzhan()]);
      const path = join(tmp(), 'bad.csv');
      await writeFile(
        path,
        csv(HEADER, row({ gpa: '3.00' }), master(), row({ student_id: 'X9999', gpa: '4.5' })),
      );
      const result = await importStudentCsv(path, store());
      expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ line: 4, column: 'gpa' })] });
      expect(await store().get('23B030112')).toEqual(aruzhan());
      expect(await store().get('24M040019')).toBeNull();
    });

    test('a good file upserts every row and returns the count; students not in the file stay', async () => {
      await store().upsertMany([{ ...aruzhan(), studentId: 'OLD12345' }]);
      const path = join(tmp(), 'good.csv');
      await writeFile(path, csv(HEADER, row(), master()));
      expect(await importStudentCsv(path, store())).toEqual({ ok: true, count: 2 });
      expect(await store().get('23B030112')).toEqual(aruzhan());
      expect(await store().get('OLD12345')).not.toBeNull();
    });

    test('the seed file of the README tour imports cleanly', async () => {
      const result = await importStudentCsv(join(__dirname, '..', '..', 'seed', 'students.csv'), store());
      expect(result).toEqual({ ok: true, count: expect.any(Number) });
      const schools = new Set<string>();
      for (const id of [
        '23B030112',
        '22B040087',
        '24B050233',
        '21B060045',
        '23B070301',
        '24M030027',
        '23M060011',
      ])
        schools.add((await store().get(id))!.school);
      expect([...schools].sort()).toEqual(['BS', 'ISE', 'KMA', 'SEOGI', 'SITE']);
    });

    test('a missing file throws', async () => {
      await expect(importStudentCsv(join(tmp(), 'nope.csv'), store())).rejects.toThrow(/ENOENT/);
    });
  });
});

describe('readStudentRecord activity', () => {
  const env = new MockActivityEnvironment();
  const source = (records: StudentRecord[]): StudentRecordSource => ({
    get: async (id) => records.find((r) => r.studentId === id) ?? null,
  });

  test('returns the record from any source', async () => {
    const { readStudentRecord } = createStudentRecordActivities({ source: source([aruzhan()]) });
    expect(await env.run(readStudentRecord, '23B030112')).toEqual(aruzhan());
  });

  test('a student the registrar does not know fails with non-retryable StudentRecordNotFound', async () => {
    const { readStudentRecord } = createStudentRecordActivities({ source: source([]) });
    const failure = await env.run(readStudentRecord, '23B030112').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'StudentRecordNotFound', nonRetryable: true });
    expect((failure as ApplicationFailure).message).toMatch(/no record of student 23B030112/);
  });

  test('an error of the source stays retryable', async () => {
    const broken: StudentRecordSource = { get: () => Promise.reject(new Error('registrar API: 503')) };
    const { readStudentRecord } = createStudentRecordActivities({ source: broken });
    const failure = await env.run(readStudentRecord, '23B030112').catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ message: 'registrar API: 503' });
  });
});
