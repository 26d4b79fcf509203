import { importStudentCsv } from '../services/records-import';
import type { CsvRowError } from '../services/student-csv';
import type { StudentRecordStore } from '../stores/student-records';
import { CaseError } from '../client/errors';
import type { StudentRecord } from '../domain/student-record';

export interface RecordsOptions {
  json: boolean;
  /** The student-records store, and where it is kept (named in messages). */
  store: StudentRecordStore;
  where: string;
}

export function formatStudentRecord(r: StudentRecord): string {
  const programme =
    r.degree === 'master' ? `master (${r.masterDirection?.replace('_', '-')} direction)` : 'bachelor';
  return [
    `${r.studentId}  ${r.fullName} <${r.email}>`,
    `  ${r.school}, ${programme}, year ${r.yearOfStudy}, semester ${r.semesterOfStudy}`,
    `  GPA ${r.gpa.toFixed(2)}, English on transcript: ${r.englishOnTranscript ?? 'none'}`,
    `  ${r.studyBasis === 'state_grant' ? 'state grant' : 'paid basis'}, tuition prepaid: ${r.tuitionPrepaid ? 'yes' : 'no'}`,
    `  debts: ${r.academicDebts} academic, ${r.financialDebts} financial`,
    `  registrar data as of ${r.updatedAt}`,
  ].join('\n');
}

export function formatCsvErrors(file: string, errors: CsvRowError[]): string {
  const lines = new Set(errors.map((e) => e.line));
  return [
    ...errors.map((e) => `${file}:${e.line}: ${e.column ? `${e.column}: ` : ''}${e.message}`),
    `nothing loaded: ${errors.length} problem(s) on ${lines.size} line(s); fix them and import the whole file again`,
  ].join('\n');
}

/**
 * `mobility records import FILE.csv` and `mobility records show STUDENT_ID`: the embedded
 * student-records store under DATA_DIR, without Temporal. Returns the exit code; refusals throw
 * CaseError like every other command.
 */
export async function runRecordsCommand(
  args: string[],
  { json, store, where }: RecordsOptions,
): Promise<number> {
  const [sub, arg] = args;
  switch (sub) {
    case 'import': {
      if (!arg)
        throw new CaseError(
          'invalid',
          'records import needs a file, e.g. mobility records import students.csv',
        );
      let result;
      try {
        result = await importStudentCsv(arg, store);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES')
          throw new CaseError('invalid', `cannot read ${arg}: ${e.message}`);
        throw err;
      }
      if (!result.ok) {
        if (json) console.log(JSON.stringify(result, null, 2));
        console.error(formatCsvErrors(arg, result.errors));
        return 2;
      }
      console.log(
        json
          ? JSON.stringify({ ...result, where }, null, 2)
          : `loaded ${result.count} student record(s) into ${where}`,
      );
      return 0;
    }
    case 'show': {
      if (!arg)
        throw new CaseError(
          'invalid',
          'records show needs a student id, e.g. mobility records show 22B030123',
        );
      const record = await store.get(arg);
      if (!record) throw new CaseError('notFound', `no registrar record for student ${arg} in ${where}`);
      console.log(json ? JSON.stringify(record, null, 2) : formatStudentRecord(record));
      return 0;
    }
    default:
      throw new CaseError(
        'invalid',
        `unknown records command "${sub ?? ''}": use records import FILE.csv or records show STUDENT_ID`,
      );
  }
}
