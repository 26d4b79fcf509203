import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentIntegrityError, FileSystemDocumentStore, sha256Hex } from '../../stores/documents';

describe('FileSystemDocumentStore', () => {
  let dir: string;
  let store: FileSystemDocumentStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-'));
    store = new FileSystemDocumentStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const bytes = Buffer.from('%PDF-1.7 a transcript');
  const sha = sha256Hex(bytes);

  it('stores bytes under <dir>/<aa>/<sha256> and reads them back', async () => {
    expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await store.put(bytes)).toEqual({ sha256: sha, size: bytes.length, alreadyStored: false });
    expect(await readdir(join(dir, sha.slice(0, 2)))).toEqual([sha]);
    expect(await store.get(sha)).toEqual(bytes);
    expect(await store.has(sha)).toBe(true);
  });

  it('stores the same bytes once', async () => {
    await store.put(bytes);
    expect(await store.put(Buffer.from(bytes))).toEqual({
      sha256: sha,
      size: bytes.length,
      alreadyStored: true,
    });
    expect(await readdir(join(dir, sha.slice(0, 2)))).toEqual([sha]);
  });

  it('leaves one file and no temporary files after concurrent puts of the same bytes', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(results.every((r) => r.sha256 === sha)).toBe(true);
    expect(await readdir(join(dir, sha.slice(0, 2)))).toEqual([sha]);
  });

  it('answers undefined and false for a hash it does not hold', async () => {
    const other = sha256Hex(Buffer.from('other'));
    expect(await store.get(other)).toBeUndefined();
    expect(await store.has(other)).toBe(false);
  });

  it('refuses a key that is not a sha256, so it can never become a path', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a sha256/);
    await expect(store.has(sha.toUpperCase())).rejects.toThrow(/not a sha256/);
  });

  it('detects bytes changed on disk', async () => {
    await store.put(bytes);
    await writeFile(join(dir, sha.slice(0, 2), sha), 'tampered');
    await expect(store.get(sha)).rejects.toBeInstanceOf(DocumentIntegrityError);
  });
});
