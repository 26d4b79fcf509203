import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createStudentRecordActivities } from '../../activities/student-records/activities';
import { parseStudentCsv } from '../../services/student-csv';
import { importStudentCsv } from '../../services/records-import';
import {
  createFileStudentRecordStore,
  studentRecordsFile,
  type StudentRecordSource,
} from '../../stores/student-records';
import type { StudentRecord } from '../../domain/student-record';
import { csv, HEADER, master, row, useTempDir } from './support';

const tmp = useTempDir();
const recordsOf = (...rows: string[]) => parseStudentCsv(csv(HEADER, ...rows)).records;
const aruzhan = () => recordsOf(row())[0]!;
const aigerim = () => recordsOf(master())[0]!;

describe('file store', () => {
  test('round-trips records, finds ids case-insensitively, and returns null for unknown students', async () => {
    const store = createFileStudentRecordStore({ file: studentRecordsFile(join(tmp(), 'nested', 'data')) });
    expect(await store.get('23B030112')).toBeNull(); // no file yet
    await store.upsertMany([aruzhan(), aigerim()]);
    expect(await store.get('23B030112')).toEqual(aruzhan());
    expect(await store.get('24m040019')).toEqual(aigerim());
    expect(await store.get('99B999999')).toBeNull();
    // another process (here: another store on the same file) sees the same data
    const other = createFileStudentRecordStore({ file: studentRecordsFile(join(tmp(), 'nested', 'data')) });
    expect(await other.get('24M040019')).toEqual(aigerim());
  });

  test('upsertMany replaces and adds, replaceAll replaces everything; no temporary file is left', async () => {
    const file = join(tmp(), 'student-records.json');
    const store = createFileStudentRecordStore({ file });
    await store.upsertMany([aruzhan(), aigerim()]);
    await store.upsertMany([{ ...aruzhan(), gpa: 3.9 }]);
    expect((await store.get('23B030112'))?.gpa).toBe(3.9);
    expect(await store.get('24M040019')).not.toBeNull();
    await store.replaceAll([aigerim()]);
    expect(await store.get('23B030112')).toBeNull();
    expect(await readdir(tmp())).toEqual(['student-records.json']);
  });

  test('concurrent writes from one process are serialised and none is lost', async () => {
    const store = createFileStudentRecordStore({ file: join(tmp(), 'student-records.json') });
    const ids = Array.from({ length: 12 }, (_, i) => `S${1000 + i}`);
    await Promise.all(ids.map((studentId) => store.upsertMany([{ ...aruzhan(), studentId }])));
    for (const id of ids) expect(await store.get(id)).not.toBeNull();
  });

  test('refuses to write an invalid record, and names a corrupted file', async () => {
    const file = join(tmp(), 'student-records.json');
    const store = createFileStudentRecordStore({ file });
    await expect(store.upsertMany([{ ...aruzhan(), gpa: 5 }])).rejects.toThrow(/between 0 and 4/);
    await writeFile(file, '{"version":1,"records":{"X":');
    await expect(store.get('X')).rejects.toThrow(/student-records.json is not valid JSON/);
    await writeFile(file, JSON.stringify({ version: 1, records: { X: { studentId: 'X' } } }));
    await expect(store.get('X')).rejects.toThrow(/is invalid at records.X/);
  });
});

describe('importStudentCsv', () => {
  test('a file with one bad row loads nothing, and the store keeps what it had', async () => {
    const file = join(tmp(), 'student-records.json');
    const store = createFileStudentRecordStore({ file });
    await store.upsertMany([aruzhan()]);
    const before = await readFile(file, 'utf8');
    const path = join(tmp(), 'bad.csv');
    await writeFile(
      path,
      csv(HEADER, row({ gpa: '3.00' }), master(), row({ student_id: 'X9999', gpa: '4.5' })),
    );
    const result = await importStudentCsv(path, store);
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ line: 4, column: 'gpa' })] });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await store.get('24M040019')).toBeNull();
  });

  test('a good file upserts every row and returns the count; students not in the file stay', async () => {
    const store = createFileStudentRecordStore({ file: join(tmp(), 'student-records.json') });
    await store.upsertMany([{ ...aruzhan(), studentId: 'OLD12345' }]);
    const path = join(tmp(), 'good.csv');
    await writeFile(path, csv(HEADER, row(), master()));
    expect(await importStudentCsv(path, store)).toEqual({ ok: true, count: 2 });
    expect(await store.get('23B030112')).toEqual(aruzhan());
    expect(await store.get('OLD12345')).not.toBeNull();
  });

  test('the seed file of the README tour imports cleanly', async () => {
    const store = createFileStudentRecordStore({ file: join(tmp(), 'student-records.json') });
    const result = await importStudentCsv(join(__dirname, '..', '..', 'seed', 'students.csv'), store);
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
      schools.add((await store.get(id))!.school);
    expect([...schools].sort()).toEqual(['BS', 'ISE', 'KMA', 'SEOGI', 'SITE']);
  });

  test('a missing file throws', async () => {
    const store = createFileStudentRecordStore({ file: join(tmp(), 'student-records.json') });
    await expect(importStudentCsv(join(tmp(), 'nope.csv'), store)).rejects.toThrow(/ENOENT/);
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
