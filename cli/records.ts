import { importStudentCsv } from '../services/records-import';
import type { CsvRowError } from '../services/student-csv';
import type { StudentRecord } from '../domain/student-record';
import { type CommandSpec, need, CliError } from './command';

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

const IMPORT_EXAMPLE = 'mobility records import seed/students.csv';

/**
 * `mobility records import|show`: the embedded student-records store under DATA_DIR, on this machine, with
 * no server: the registrar's export is a file of this machine, and whoever may run this reads DATA_DIR.
 */
export const RECORDS_COMMANDS: CommandSpec[] = [
  {
    name: 'records import',
    args: 'FILE.csv',
    summary: "load the registrar's CSV export into the record store (all rows or none; every bad row listed)",
    options: {},
    example: IMPORT_EXAMPLE,
    via: 'local',
    run: async (ctx) => {
      const [file] = need(ctx, RECORDS_COMMANDS[0]!, 1);
      const { store, where } = ctx.deps.records();
      let result;
      try {
        result = await importStudentCsv(file!, store);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES')
          throw new CliError('invalid', `cannot read ${file}: ${e.message}`);
        throw err;
      }
      if (!result.ok) {
        throw new CliError('invalid', formatCsvErrors(file!, result.errors), {
          issues: result.errors.map((e) => ({
            path: `line ${e.line}${e.column ? `: ${e.column}` : ''}`,
            message: e.message,
          })),
        });
      }
      ctx.print({ ...result, where }, `loaded ${result.count} student record(s) into ${where}`);
      return 0;
    },
  },
  {
    name: 'records show',
    args: 'STUDENT_ID',
    summary: "the registrar's record of a student, as loaded",
    options: {},
    example: 'mobility records show 23B030112',
    via: 'local',
    run: async (ctx) => {
      const [id] = need(ctx, RECORDS_COMMANDS[1]!, 1);
      const { store, where } = ctx.deps.records();
      const record = await store.get(id!);
      if (!record) throw new CliError('notFound', `no registrar record for student ${id} in ${where}`);
      ctx.print(record, formatStudentRecord(record));
      return 0;
    },
  },
];

/** `mobility data import-json`: the one-time move of DATA_DIR's JSON files of earlier versions. */
export const DATA_COMMAND: CommandSpec = {
  name: 'data import-json',
  args: '',
  summary: "move DATA_DIR's JSON files of earlier versions into the database, once",
  options: {},
  example: 'mobility data import-json',
  via: 'local',
  run: async (ctx) => {
    const { importJson, where } = ctx.deps.data();
    const result = await importJson();
    ctx.print(
      { ...result, where },
      `imported ${result.records} student record(s), ${result.agreements} partner agreement(s), ` +
        `${result.semesters} curriculum semester(s), ` +
        `${result.catalogues} partner catalogue(s), ${result.equivalences} equivalence(s), ` +
        `${result.languages} mail language(s) and ${result.documents} document(s) into ${where}`,
    );
    return 0;
  },
};
