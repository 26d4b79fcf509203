import { basename } from 'node:path';
import type { DocumentStore } from '../stores/documents';
import { sha256Hex } from '../stores/documents';
import {
  legacyFiles,
  listLegacyDocuments,
  markImported,
  readLegacyDocument,
  readLegacyRecords,
} from '../stores/legacy-json';
import type { StudentRecordStore } from '../stores/student-records';

export interface LegacyImportResult {
  records: number;
  documents: number;
}

/**
 * `mobility data import-json`: moves the JSON files of earlier versions into the database, once. Records
 * are upserted in one transaction and the file is renamed to `*.imported` only after they are in. Old documents (plain bytes at `documents/<aa>/<sha256>`) are
 * stored again through the document store, which seals them in place; a file whose bytes no longer hash to
 * its name is already sealed and is left alone. Running it again imports nothing.
 */
export async function importLegacyJson(
  dataDir: string,
  stores: { records: StudentRecordStore; documents: DocumentStore },
): Promise<LegacyImportResult> {
  const files = legacyFiles(dataDir);
  const result: LegacyImportResult = { records: 0, documents: 0 };

  const records = await readLegacyRecords(files.records);
  if (records) {
    await stores.records.upsertMany(records);
    await markImported(files.records);
    result.records = records.length;
  }

  for (const path of await listLegacyDocuments(files.documents)) {
    const bytes = await readLegacyDocument(path);
    if (sha256Hex(bytes) !== basename(path)) continue; // sealed already
    await stores.documents.put(bytes);
    result.documents++;
  }
  return result;
}
