import { readFile } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse/sync';
import { TranscriptGrade } from '../domain/transcript';
import { CliError } from './command';

/**
 * The partner transcript's grades from a CSV file (`partner_code,grade`, a header row, columns in any
 * order) for RECORD_PARTNER_TRANSCRIPT. Every bad row is named by its line and column, and nothing is sent.
 */
export async function readGradesFile(file: string): Promise<TranscriptGrade[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('invalid', `cannot read ${file}: ${(err as Error).message}`);
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw new CliError('invalid', `${file}:${(err as CsvError).lines ?? 1}: ${(err as Error).message}`);
  }
  const problems: string[] = [];
  const header = Object.keys(rows[0] ?? {});
  for (const column of ['partner_code', 'grade'])
    if (!header.includes(column)) problems.push(`${file}:1: ${column}: the header needs this column`);
  if (rows.length === 0) problems.push(`${file}: no grades: one row per partner course`);
  const grades: TranscriptGrade[] = [];
  if (problems.length === 0)
    rows.forEach((row, i) => {
      const parsed = TranscriptGrade.safeParse({ partnerCode: row.partner_code, grade: row.grade });
      if (parsed.success) grades.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          problems.push(
            `${file}:${i + 2}: ${issue.path[0] === 'partnerCode' ? 'partner_code' : 'grade'}: ${issue.message}`,
          );
    });
  if (problems.length) throw new CliError('invalid', [...problems, 'nothing sent'].join('\n'));
  return grades;
}
