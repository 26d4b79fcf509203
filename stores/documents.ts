import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Sha256 } from '../domain/document';

export interface PutResult {
  sha256: string;
  size: number;
  /** True when these bytes were already in the store: nothing was written. */
  alreadyStored: boolean;
}

/**
 * Content-addressed storage for document bytes: the key of a document is the sha256 of its bytes,
 * so the same bytes are stored once whoever uploads them, and a case keeps only the hash.
 *
 * An S3-compatible implementation (MinIO, Ceph, AWS S3) would keep the same contract:
 * - key `documents/<aa>/<sha256>` in one bucket, where `<aa>` is the first two hex digits;
 * - `put`: hash locally first, then `HeadObject`; if absent, `PutObject` with the
 *   `x-amz-checksum-sha256` header (base64 of the digest) so the server refuses corrupted uploads,
 *   and `If-None-Match: *` so two concurrent writers of the same bytes cannot overwrite each other
 *   (a 412 answer means "already stored"). Object writes are atomic in S3, so no temporary key;
 * - `get`: `GetObject`, a 404 (NoSuchKey) is `undefined`; verify the sha256 of the body;
 * - `has`: `HeadObject`, 404 is false;
 * - the bucket has versioning or object lock on, and server-side encryption (SSE-S3 or SSE-KMS),
 *   since the bytes are personal data.
 * It would take an S3 client, bucket and prefix in its constructor and live beside this file.
 */
export interface DocumentStore {
  put(bytes: Uint8Array): Promise<PutResult>;
  /** The stored bytes, or undefined when no document has this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Thrown when the bytes under a hash no longer hash to it (disk corruption, tampering). */
export class DocumentIntegrityError extends Error {
  constructor(readonly sha256: string) {
    super(`stored document ${sha256} is corrupted: its bytes no longer match their hash`);
    this.name = 'DocumentIntegrityError';
  }
}

function assertSha256(sha256: string): void {
  // Also keeps a crafted "hash" such as ../../etc from becoming a path.
  const parsed = Sha256.safeParse(sha256);
  if (!parsed.success) throw new TypeError(`not a sha256: ${JSON.stringify(sha256).slice(0, 80)}`);
}

/**
 * The default store: files under `<dir>/<aa>/<sha256>`. A file is written to a temporary name in
 * the same folder and renamed into place, so a reader never sees a half-written document and a
 * crash leaves at most a stray temporary file (`.tmp-*`), never a wrong one.
 */
export class FileSystemDocumentStore implements DocumentStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = sha256Hex(bytes);
    const size = bytes.byteLength;
    const path = this.pathOf(sha256);
    if (await exists(path)) return { sha256, size, alreadyStored: true };
    const folder = join(this.dir, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const tmp = join(folder, `.tmp-${sha256}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 });
      // rename() replaces atomically; a concurrent writer of the same hash wrote the same bytes.
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { sha256, size, alreadyStored: false };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const path = this.pathOf(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    if (sha256Hex(bytes) !== sha256) throw new DocumentIntegrityError(sha256);
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** The embedded document store's folder: `DATA_DIR/documents`. */
export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}
