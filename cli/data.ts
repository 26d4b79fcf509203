import { CaseError } from '../client/errors';
import type { LegacyImportResult } from '../services/legacy-import';

export interface DataOptions {
  json: boolean;
  /** Moves DATA_DIR's JSON files of earlier versions into the database. */
  importJson: () => Promise<LegacyImportResult>;
  where: string;
}

/** `mobility data import-json`: the one-time import of the JSON files of earlier versions. */
export async function runDataCommand(
  args: string[],
  { json, importJson, where }: DataOptions,
): Promise<number> {
  if (args[0] !== 'import-json') {
    throw new CaseError('invalid', `unknown data command "${args[0] ?? ''}": use data import-json`);
  }
  const result = await importJson();
  console.log(
    json
      ? JSON.stringify({ ...result, where }, null, 2)
      : `imported ${result.records} student record(s) and ${result.documents} document(s) into ${where}`,
  );
  return 0;
}
