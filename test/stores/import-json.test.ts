import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { payloadCodecFromConfig } from '../../app/codec';
import { loadConfig } from '../../app/config';
import { openStores, type Stores } from '../../app/stores';
import { sha256Hex } from '../../stores/documents';
import { liveRecord } from '../helpers/fixtures';
import { ENGINES, freshDatabase, type Engine, type TestDatabase } from './databases';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'mobility.js');
// Each CLI command opens the database itself (PGlite: seconds of CPU on a shared machine).
jest.setTimeout(300_000);

/**
 * A DATA_DIR as an earlier version left it, and the real CLI run on it into a real database: the embedded
 * PGlite in DATA_DIR/db, or a fresh PostgreSQL database named by DATABASE_URL.
 */
function useOldDataDir(engine: Engine) {
  let dataDir = '';
  let database: TestDatabase | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mobility-import-'));
    // PGlite: the CLI creates the embedded database itself; PostgreSQL: a fresh database on the server.
    database = engine === 'postgresql' ? await freshDatabase(engine) : undefined;
  });
  afterEach(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const env = () => ({ DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.env.DATABASE_URL } : {}) });

  async function mobility(...args: string[]) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', ...env() };
    delete childEnv.DOCUMENTS_URL;
    if (!database) delete childEnv.DATABASE_URL;
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: childEnv });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** Opens the stores as the system would, after the CLI has exited. */
  async function withStores<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
    const config = loadConfig(env());
    const stores = await openStores(config, payloadCodecFromConfig(config).codec);
    try {
      return await work(stores);
    } finally {
      await stores.close();
    }
  }
  return { dataDir: () => dataDir, mobility, withStores };
}

describe.each(ENGINES)('mobility data import-json into %s', (engine) => {
  const { dataDir: dir, mobility, withStores } = useOldDataDir(engine);

  test('moves the records and seals the documents in place, once; a second run imports nothing', async () => {
    const records = [liveRecord('23B030901', 'state_grant'), liveRecord('23B030902', 'paid')];
    await writeFile(
      join(dir(), 'student-records.json'),
      JSON.stringify({ version: 1, records: Object.fromEntries(records.map((r) => [r.studentId, r])) }),
    );
    const documents = [Buffer.from('%PDF-1.7 a passport scan'), Buffer.from('%PDF-1.7 a transcript')];
    for (const bytes of documents) {
      const sha = sha256Hex(bytes);
      await mkdir(join(dir(), 'documents', sha.slice(0, 2)), { recursive: true });
      await writeFile(join(dir(), 'documents', sha.slice(0, 2), sha), bytes);
    }

    const first = await mobility('data', 'import-json', '--json');
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(first.stdout)).toMatchObject({ records: 2, documents: 2 });

    // The records file is renamed, not deleted; the bytes on disk are sealed, no longer the plaintext.
    expect((await readdir(dir())).filter((f) => f.startsWith('student-records'))).toEqual([
      'student-records.json.imported',
    ]);
    for (const bytes of documents) {
      const sha = sha256Hex(bytes);
      const onDisk = await readFile(join(dir(), 'documents', sha.slice(0, 2), sha));
      expect(onDisk.includes(bytes)).toBe(false);
    }

    await withStores(async (stores) => {
      for (const bytes of documents) expect(await stores.documents.get(sha256Hex(bytes))).toEqual(bytes);
      for (const r of records) expect(await stores.records.get(r.studentId)).toEqual(r);
    });

    const again = await mobility('data', 'import-json');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^imported 0 student record\(s\) and 0 document\(s\) into /);
  });
});

// The refusal comes before any write, whatever the engine: checked on the embedded one (CLI runs are slow).
describe('mobility data import-json refusing a bad file', () => {
  const { dataDir: dir, mobility, withStores } = useOldDataDir('pglite');

  test('a records file that does not parse is refused naming the file; nothing is imported or renamed', async () => {
    const file = join(dir(), 'student-records.json');
    const bad = { ...liveRecord('23B030903', 'paid'), gpa: 9 };
    await writeFile(file, JSON.stringify({ version: 1, records: { '23B030903': bad } }));

    const result = await mobility('data', 'import-json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`student records file ${file} is invalid at`);
    expect(result.stderr).toContain('gpa');
    expect(await readdir(dir())).toContain('student-records.json');
    expect(await withStores((stores) => stores.records.get('23B030903'))).toBeNull();
  });
});
