import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where opaque bytes are kept under a key (`<aa>/<sha256>` for documents): a folder by default, an
 * S3-compatible bucket in deployments (stores/s3-blobs.ts). Writing a key again replaces it whole.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or undefined when nothing is kept under the key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Where the blobs are, for start-up messages. */
  readonly where: string;
}

const KEY = /^[a-z0-9][a-z0-9/._-]*$/;

/** A key is made by our own code; checking it still keeps a crafted one (`../x`) from becoming a path. */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.includes('..'))
    throw new TypeError(`not a blob key: ${JSON.stringify(key).slice(0, 80)}`);
}

/**
 * Files under `dir`. A file is written to a temporary name in its folder and renamed into place, so a
 * reader never sees half a blob and a crash leaves at most a stray `.tmp-*` file, never a wrong one.
 */
export class FileSystemBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  get where(): string {
    return this.dir;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertBlobKey(key);
    const path = join(this.dir, key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    assertBlobKey(key);
    try {
      return await readFile(join(this.dir, key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
