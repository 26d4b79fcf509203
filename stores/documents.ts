import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Sha256 } from '../domain/document';
import type { BlobStore } from './blobs';
import type { SqlDatabase } from './db/database';

export interface PutResult {
  sha256: string;
  size: number;
  /** True when these bytes were already in the store: nothing was written. */
  alreadyStored: boolean;
}

/**
 * Content-addressed storage for document bytes: the key of a document is the sha256 of its bytes,
 * so the same bytes are stored once whoever uploads them, and a case keeps only the hash.
 */
export interface DocumentStore {
  put(bytes: Uint8Array): Promise<PutResult>;
  /** The stored bytes, or undefined when no document has this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
}

/**
 * Encryption at rest, with the keys of the payload codec (app/document-storage.ts): `seal` encrypts
 * with the active key and the result names its key, so `open` still reads bytes sealed before a rotation.
 */
export interface Sealer {
  readonly activeKeyId: string;
  seal(bytes: Uint8Array): Promise<Uint8Array>;
  open(sealed: Uint8Array): Promise<Uint8Array>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Thrown when the bytes under a hash no longer hash to it, or are gone (disk corruption, tampering). */
export class DocumentIntegrityError extends Error {
  constructor(
    readonly sha256: string,
    why = 'its bytes no longer match their hash',
  ) {
    super(`stored document ${sha256} is corrupted: ${why}`);
    this.name = 'DocumentIntegrityError';
  }
}

function assertSha256(sha256: string): void {
  const parsed = Sha256.safeParse(sha256);
  if (!parsed.success) throw new TypeError(`not a sha256: ${JSON.stringify(sha256).slice(0, 80)}`);
}

/** The table of what is stored (stores/db/migrations/20261201_2302_documents.ts). */
export type DocumentTables = {
  documents: { sha256: string; size_bytes: number; key_id: string; stored_at: string };
};

/** The blob key of a document: `<aa>/<sha256>`, where `<aa>` is its first two hex digits. */
export const documentBlobKey = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;

/**
 * The document store: the sealed bytes in a blob store (a folder or an S3 bucket), a row per document in
 * the database. The row is written after the bytes, so a document the table lists can always be read; a
 * crash between the two leaves only an unlisted blob, which the next `put` of the same bytes overwrites.
 * Two writers of the same new bytes both write the blob (the same plaintext, sealed twice) and one row.
 */
export function createDocumentStore(deps: {
  db: SqlDatabase;
  blobs: BlobStore;
  sealer: Sealer;
}): DocumentStore {
  const db = deps.db.withTables<DocumentTables>();
  const { blobs, sealer } = deps;
  const has = async (sha256: string) => {
    assertSha256(sha256);
    const row = await db
      .selectFrom('documents')
      .select('sha256')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row !== undefined;
  };
  return {
    has,
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const size = bytes.byteLength;
      if (await has(sha256)) return { sha256, size, alreadyStored: true };
      await blobs.put(documentBlobKey(sha256), await sealer.seal(bytes));
      const inserted = await db
        .insertInto('documents')
        .values({ sha256, size_bytes: size, key_id: sealer.activeKeyId, stored_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      return { sha256, size, alreadyStored: Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0 };
    },
    async get(sha256) {
      if (!(await has(sha256))) return undefined;
      const sealed = await blobs.get(documentBlobKey(sha256));
      if (!sealed) throw new DocumentIntegrityError(sha256, `its bytes are missing from ${blobs.where}`);
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await sealer.open(sealed));
      } catch (err) {
        throw new DocumentIntegrityError(sha256, (err as Error).message);
      }
      if (sha256Hex(bytes) !== sha256) throw new DocumentIntegrityError(sha256);
      return bytes;
    },
  };
}

/** The embedded blob folder: `DATA_DIR/documents`. */
export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}
