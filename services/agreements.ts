import type { FieldIssue } from '../domain/issues';
import { readAgreementTable, type AgreementImport, type AgreementStore } from '../stores/agreements';

/**
 * `mobility agreements import FILE`: the file is read and every row checked before anything is written;
 * a valid table then replaces the stored one in one transaction (stores/agreements.ts), so a call never
 * sees half a table and two imports at once land one after the other.
 */
export async function importAgreementFile(
  store: Pick<AgreementStore, 'replaceAll'>,
  file: string,
): Promise<{ imported: AgreementImport } | { issues: FieldIssue[] }> {
  const read = await readAgreementTable(file);
  if ('issues' in read) return read;
  return { imported: await store.replaceAll(read.agreements, file) };
}
