import { createSqlAgreementStore, type AgreementStore } from '../stores/agreements';
import { createSqlCurriculumStore, type CurriculumStore } from '../stores/curricula';
import { createDocumentStore, type DocumentStore } from '../stores/documents';
import { createSqlEquivalenceStore, type EquivalenceStore } from '../stores/equivalences';
import { createSqlPlaceClaimStore, type PlaceClaimStore } from '../stores/place-claims';
import type { OutboxStore } from '../stores/outbox';
import { sqlLanguagePreferences, type LanguagePreferenceStore } from '../stores/outbox-languages';
import { sqlOutbox } from '../stores/sql-outbox';
import { createSqlStudentRecordStore, type StudentRecordStore } from '../stores/student-records';
import type { SqlDatabase } from '../stores/db/database';
import type { AesGcmPayloadCodec } from './codec';
import type { Config } from './config';
import { blobStoreFromConfig, codecSealer } from './document-storage';
import { embeddedDatabaseDir, openDatabase } from './embedded/database';

/** The project's own data, as every process of the system opens it. */
export interface Stores {
  database: SqlDatabase;
  /** The database and the document bytes, for start-up messages. */
  where: { database: string; documents: string };
  records: StudentRecordStore;
  documents: DocumentStore;
  curricula: CurriculumStore;
  equivalences: EquivalenceStore;
  /** The partner agreements calls take their places from. */
  agreements: AgreementStore;
  /** The incoming places nominations hold, claimed atomically. */
  placeClaims: PlaceClaimStore;
  /** Users' mail languages. */
  languages: LanguagePreferenceStore;
  /** The delivery record of every message: the worker writes it, staff read a case's from it. */
  outbox: OutboxStore;
  close(): Promise<void>;
}

/** Where the database is, without opening it: the server's URL without its password, or the folder. */
export function databaseLocation(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): string {
  if (!config.DATABASE_URL) return `the embedded database in ${embeddedDatabaseDir(config.DATA_DIR)}`;
  const url = new URL(config.DATABASE_URL);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * Opens the database (DATABASE_URL, else the embedded PGlite: `owner` processes wait to own it) and builds
 * the stores on it; the document bytes go where DOCUMENTS_URL says, sealed with the payload codec.
 */
export async function openStores(
  config: Config,
  codec: AesGcmPayloadCodec,
  opts: { owner?: boolean } = {},
): Promise<Stores> {
  const opened = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    ownWithinMs: opts.owner ? 30_000 : undefined,
  });
  const blobs = blobStoreFromConfig(config);
  return {
    database: opened.db,
    where: { database: `${opened.engine}: ${opened.where}`, documents: blobs.where },
    records: createSqlStudentRecordStore(opened.db),
    documents: createDocumentStore({ db: opened.db, blobs, sealer: codecSealer(codec) }),
    curricula: createSqlCurriculumStore(opened.db),
    equivalences: createSqlEquivalenceStore(opened.db),
    agreements: createSqlAgreementStore(opened.db),
    placeClaims: createSqlPlaceClaimStore(opened.db),
    languages: sqlLanguagePreferences(opened.db),
    outbox: sqlOutbox(opened.db),
    close: () => opened.close(),
  };
}
