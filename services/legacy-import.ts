import { basename } from 'node:path';
import { inTransaction, type SqlDatabase } from '../stores/db/database';
import { createSqlAgreementStore } from '../stores/agreements';
import { createSqlCurriculumStore } from '../stores/curricula';
import type { DocumentStore } from '../stores/documents';
import { sha256Hex } from '../stores/documents';
import { createSqlEquivalenceStore } from '../stores/equivalences';
import {
  legacyFiles,
  listLegacyDocuments,
  markImported,
  readLegacyAgreements,
  readLegacyCurricula,
  readLegacyDocument,
  readLegacyEquivalences,
  readLegacyLanguages,
  readLegacyRecords,
} from '../stores/legacy-json';
import { sqlLanguagePreferences } from '../stores/outbox-languages';
import { createSqlStudentRecordStore } from '../stores/student-records';

export interface LegacyImportResult {
  records: number;
  /** Partner agreements of the table `agreements.json` kept. */
  agreements: number;
  /** Programme-semesters of the KBTU curricula, and partners' catalogues. */
  semesters: number;
  catalogues: number;
  equivalences: number;
  languages: number;
  documents: number;
}

/**
 * `mobility data import-json`: moves the JSON files of earlier versions into the database, once. Every
 * file is read and validated before anything is written, so a bad one is refused with nothing imported.
 * Each file's content is then written in one transaction and the file renamed to `*.imported` only after
 * it is in. Old documents (plain bytes at `documents/<aa>/<sha256>`) are stored again through the document
 * store, which seals them in place; a file whose bytes no longer hash to its name is already sealed and is
 * left alone. Running it again imports nothing.
 */
export async function importLegacyJson(
  dataDir: string,
  stores: { database: SqlDatabase; documents: DocumentStore },
): Promise<LegacyImportResult> {
  const files = legacyFiles(dataDir);
  const result: LegacyImportResult = {
    records: 0,
    agreements: 0,
    semesters: 0,
    catalogues: 0,
    equivalences: 0,
    languages: 0,
    documents: 0,
  };
  const records = await readLegacyRecords(files.records);
  const agreements = await readLegacyAgreements(files.agreements);
  const curricula = await readLegacyCurricula(files.curricula);
  const equivalences = await readLegacyEquivalences(files.equivalences);
  const languages = await readLegacyLanguages(files.languages);
  const { database: db } = stores;

  if (records) {
    await createSqlStudentRecordStore(db).upsertMany(records);
    await markImported(files.records);
    result.records = records.length;
  }
  if (agreements) {
    // The file was the table the deployment ran on: it replaces the stored one (the seed until now).
    await createSqlAgreementStore(db).replaceAll(agreements, files.agreements);
    await markImported(files.agreements);
    result.agreements = agreements.length;
  }
  if (curricula) {
    await inTransaction(db, async (trx) => {
      const store = createSqlCurriculumStore(trx);
      const semesters = Object.values(curricula.semesters).filter((courses) => courses.length > 0);
      if (semesters.length > 0) await store.replaceSemesters(semesters.flat());
      for (const [partnerId, courses] of Object.entries(curricula.catalogues))
        await store.replaceCatalogue(partnerId, courses);
      result.semesters = semesters.length;
      result.catalogues = Object.keys(curricula.catalogues).length;
    });
    await markImported(files.curricula);
  }
  if (equivalences) {
    await createSqlEquivalenceStore(db).record(equivalences);
    await markImported(files.equivalences);
    result.equivalences = equivalences.length;
  }
  if (languages) {
    await sqlLanguagePreferences(db).setMany(languages);
    await markImported(files.languages);
    result.languages = languages.length;
  }

  for (const path of await listLegacyDocuments(files.documents)) {
    const bytes = await readLegacyDocument(path);
    if (sha256Hex(bytes) !== basename(path)) continue; // sealed already
    await stores.documents.put(bytes);
    result.documents++;
  }
  return result;
}
