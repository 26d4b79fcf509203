import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { AesGcmPayloadCodec } from '../../app/codec';
import { loadConfig } from '../../app/config';
import { blobStoreFromConfig, codecSealer } from '../../app/document-storage';
import { S3BlobStore } from '../../stores/s3-blobs';
import { startS3Server, type S3Server } from './s3-server';
import { FileSystemBlobStore, type BlobStore } from '../../stores/blobs';
import {
  createDocumentStore,
  DocumentIntegrityError,
  sha256Hex,
  type DocumentStore,
} from '../../stores/documents';
import { ENGINES, useFreshDatabase } from '../stores/databases';

const key = (seed: string) => createHash('sha256').update(seed).digest();
const codec = (active: string, ...ids: string[]) =>
  new AesGcmPayloadCodec({ activeKeyId: active, keys: new Map(ids.map((id) => [id, key(id)])) });

/**
 * The document store's contract over any blob store; `blobs` makes a fresh, empty one for each test and
 * `raw` reads a stored blob as the storage itself holds it.
 */
function documentStoreContract(
  name: string,
  blobs: () => Promise<{
    store: BlobStore;
    raw: (key: string) => Promise<Uint8Array | undefined>;
    dispose(): Promise<void>;
  }>,
) {
  describe.each(ENGINES)(`the document store on %s, bytes in ${name}`, (engine) => {
    const database = useFreshDatabase(engine);
    let store: DocumentStore;
    let storage: Awaited<ReturnType<typeof blobs>>;
    const sealed = (keyId: string) => codecSealer(codec(keyId, keyId, 'old-key'));
    beforeEach(async () => {
      await sql`TRUNCATE documents`.execute(database().db);
      storage = await blobs();
      store = createDocumentStore({ db: database().db, blobs: storage.store, sealer: sealed('current') });
    });
    afterEach(() => storage.dispose());

    const bytes = Buffer.from('%PDF-1.7 a transcript of Aruzhan Seitkali, GPA 3.45');
    const sha = sha256Hex(bytes);
    const blobKey = `${sha.slice(0, 2)}/${sha}`;

    it('stores bytes encrypted under <aa>/<sha256>, lists them in the table, and reads them back', async () => {
      expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await store.put(bytes)).toEqual({ sha256: sha, size: bytes.length, alreadyStored: false });
      const raw = Buffer.from((await storage.raw(blobKey))!);
      expect(raw.includes('Aruzhan')).toBe(false);
      expect(raw.includes('%PDF')).toBe(false);
      expect(await store.get(sha)).toEqual(bytes);
      expect(await store.has(sha)).toBe(true);
      const rows = await database()
        .db.withTables<{ documents: { sha256: string; size_bytes: number; key_id: string } }>()
        .selectFrom('documents')
        .select(['sha256', 'size_bytes', 'key_id'])
        .execute();
      expect(rows).toEqual([{ sha256: sha, size_bytes: bytes.length, key_id: 'current' }]);
    });

    it('stores the same bytes once, also when many put them at once', async () => {
      await store.put(bytes);
      expect(await store.put(Buffer.from(bytes))).toEqual({
        sha256: sha,
        size: bytes.length,
        alreadyStored: true,
      });
      const other = Buffer.from('another document');
      const results = await Promise.all(Array.from({ length: 8 }, () => store.put(other)));
      expect(results.filter((r) => !r.alreadyStored)).toHaveLength(1);
      expect(await store.get(sha256Hex(other))).toEqual(other);
    });

    it('answers undefined and false for a hash it does not hold, and refuses one that is not a sha256', async () => {
      const other = sha256Hex(Buffer.from('other'));
      expect(await store.get(other)).toBeUndefined();
      expect(await store.has(other)).toBe(false);
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a sha256/);
      await expect(store.has(sha.toUpperCase())).rejects.toThrow(/not a sha256/);
    });

    it('reads bytes sealed with a rotated-out key still listed, and fails on a key no longer known', async () => {
      const before = createDocumentStore({
        db: database().db,
        blobs: storage.store,
        sealer: sealed('old-key'),
      });
      await before.put(bytes);
      expect(await store.get(sha)).toEqual(bytes); // the current store lists old-key too
      const forgetful = createDocumentStore({
        db: database().db,
        blobs: storage.store,
        sealer: codecSealer(codec('current', 'current')),
      });
      await expect(forgetful.get(sha)).rejects.toThrow(/old-key.*not configured/);
    });

    it('detects bytes changed or lost in storage', async () => {
      await store.put(bytes);
      await storage.store.put(blobKey, new TextEncoder().encode('tampered'));
      await expect(store.get(sha)).rejects.toBeInstanceOf(DocumentIntegrityError);
      const plain = createDocumentStore({
        db: database().db,
        blobs: storage.store,
        sealer: sealed('current'),
      });
      await storage.store.put(blobKey, bytes); // the plaintext itself, put in by someone else
      await expect(plain.get(sha)).rejects.toThrow(/corrupted/);
      const lost = sha256Hex(Buffer.from('lost'));
      await sql`INSERT INTO documents VALUES (${lost}, 4, 'current', now())`.execute(database().db);
      await expect(store.get(lost)).rejects.toThrow(/bytes are missing/);
    });
  });
}

documentStoreContract('a folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'docstore-'));
  return {
    store: new FileSystemBlobStore(dir),
    raw: (k) => readFile(join(dir, k)).catch(() => undefined),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('S3', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(() => server?.stop());

  documentStoreContract('an S3 bucket (moto server)', async () => {
    const bucket = await server.bucket();
    const store = new S3BlobStore({
      bucket,
      prefix: 'documents',
      endpoint: server.endpoint,
      credentials: server.credentials,
    });
    const raw = new S3BlobStore({ bucket, endpoint: server.endpoint, credentials: server.credentials });
    return { store, raw: (k) => raw.get(`documents/${k}`), dispose: async () => store.destroy() };
  });

  it('is chosen by DOCUMENTS_URL, with S3_ENDPOINT, and names where it is', () => {
    const config = loadConfig({
      DOCUMENTS_URL: 's3://kbtu-docs/prod/documents',
      S3_ENDPOINT: 'http://minio:9000',
    });
    expect(blobStoreFromConfig(config).where).toBe('s3://kbtu-docs/prod/documents/ at http://minio:9000');
    expect(blobStoreFromConfig(loadConfig({ DATA_DIR: '/srv/m' })).where).toBe('/srv/m/documents');
    expect(() => loadConfig({ DOCUMENTS_URL: 'ftp://x' })).toThrow(/DOCUMENTS_URL.*s3:\/\/bucket/);
  });
});

describe('the folder blob store', () => {
  it('leaves no temporary file after concurrent writes of one key, and refuses keys that climb out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blobs-'));
    try {
      const blobs = new FileSystemBlobStore(dir);
      await Promise.all(Array.from({ length: 8 }, (_, i) => blobs.put('ab/key', Buffer.from(`v${i}`))));
      expect(await readdir(join(dir, 'ab'))).toEqual(['key']);
      await expect(blobs.put('../x', Buffer.from('x'))).rejects.toThrow(/not a blob key/);
      await expect(blobs.get('ab/../../x')).rejects.toThrow(/not a blob key/);
      await writeFile(join(dir, 'ab', 'key'), 'x');
      expect(Buffer.from((await blobs.get('ab/key'))!).toString()).toBe('x');
      expect(await blobs.get('cd/none')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
