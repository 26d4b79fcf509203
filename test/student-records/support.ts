import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STUDENT_CSV_COLUMNS, type StudentCsvColumn } from '../../domain/student-record';

export const HEADER = STUDENT_CSV_COLUMNS.join(',');

/** A valid bachelor's row; `over` replaces cells (raw CSV text, quote it yourself where needed). */
export function row(
  over: Partial<Record<StudentCsvColumn, string>> = {},
  columns: readonly StudentCsvColumn[] = STUDENT_CSV_COLUMNS,
): string {
  const base: Record<StudentCsvColumn, string> = {
    student_id: '23B030112',
    full_name: 'Aruzhan Seitkali',
    email: 'a_seitkali@kbtu.kz',
    school: 'SITE',
    degree: 'bachelor',
    year_of_study: '2',
    semester_of_study: '3',
    master_direction: '',
    gpa: '3.45',
    english_on_transcript: 'B2',
    study_basis: 'state_grant',
    academic_debts: '0',
    financial_debts: '0',
    tuition_prepaid: 'false',
    updated_at: '2025-09-01T09:00:00+05:00',
  };
  const cells = { ...base, ...over };
  return columns.map((c) => cells[c]).join(',');
}

export const master = (over: Partial<Record<StudentCsvColumn, string>> = {}) =>
  row({
    student_id: '24M040019',
    full_name: 'Aigerim Bekova',
    email: 'a_bekova@kbtu.kz',
    school: 'BS',
    degree: 'master',
    year_of_study: '1',
    semester_of_study: '2',
    master_direction: 'scientific_pedagogical',
    ...over,
  });

export const csv = (...lines: string[]) => lines.join('\n') + '\n';

/** A fresh temporary folder for each test, removed afterwards. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'student-records-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
