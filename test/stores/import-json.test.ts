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
import { semester4, tumCatalogue, utmCatalogue } from '../after-selection/support';
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

const OLD_FILE = /^(student-records|agreements|curricula|equivalences|mail-languages)\.json/;

const kth = {
  partnerId: 'kth',
  partnerName: 'KTH Royal Institute of Technology',
  country: 'SE',
  tracks: ['erasmus'],
  places: [{ term: 'fall', degree: 'master', places: 3 }],
  schools: ['SITE'],
  contact: { name: 'KTH International Office', email: 'exchange@kth.example' },
};

const equivalence = {
  partnerId: 'tum',
  programme: '6B06102',
  kbtuCode: 'CSE2210',
  partnerCodes: ['IN0007'],
  approvedBy: 'marat',
  approvedAt: '2026-06-01T10:00:00.000Z',
  caseId: 'outgoing-call-2026-23b030901',
};

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

    // The agreements, the after-selection files and the mail languages, as the file stores wrote them.
    await writeFile(join(dir(), 'agreements.json'), JSON.stringify({ version: 1, agreements: [kth] }));
    await writeFile(
      join(dir(), 'curricula.json'),
      JSON.stringify({
        version: 1,
        semesters: { '6B06102/4': semester4 },
        catalogues: { tum: tumCatalogue, utm: utmCatalogue },
      }),
    );
    await writeFile(join(dir(), 'equivalences.json'), JSON.stringify({ version: 1, entries: [equivalence] }));
    await writeFile(join(dir(), 'mail-languages.json'), JSON.stringify({ 'a_seitkali@kbtu.kz': 'ru' }));

    const first = await mobility('data', 'import-json', '--json');
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(first.stdout)).toMatchObject({
      records: 2,
      agreements: 1,
      semesters: 1,
      catalogues: 2,
      equivalences: 1,
      languages: 1,
      documents: 2,
    });

    // Each file is renamed, not deleted; the bytes on disk are sealed, no longer the plaintext.
    expect((await readdir(dir())).filter((f) => OLD_FILE.test(f)).sort()).toEqual([
      'agreements.json.imported',
      'curricula.json.imported',
      'equivalences.json.imported',
      'mail-languages.json.imported',
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
      // The deployment's table replaces the shipped seed.
      expect(await stores.agreements.list()).toEqual([kth]);
      expect(await stores.curricula.semester('6B06102', 4)).toEqual(semester4);
      expect(await stores.curricula.catalogue('tum')).toEqual(tumCatalogue);
      expect(await stores.curricula.catalogue('utm')).toEqual(utmCatalogue);
      expect(await stores.equivalences.forPartner('tum')).toEqual([equivalence]);
      expect(await stores.languages.languageOf('A_Seitkali@kbtu.kz')).toBe('ru');
    });

    // The imported language, shown and changed by the CLI; a language not in the catalogue is refused.
    const shown = await mobility('mail', 'language', 'A_Seitkali@kbtu.kz', 'en', '--json');
    expect({ code: shown.code, out: JSON.parse(shown.stdout) as unknown }).toMatchObject({
      code: 0,
      out: { address: 'a_seitkali@kbtu.kz', language: 'en' },
    });
    const refused = await mobility('mail', 'language', 'a_seitkali@kbtu.kz', 'kk');
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('the language must be one of en, ru, not "kk"'),
    });
    expect(await withStores((stores) => stores.languages.languageOf('a_seitkali@kbtu.kz'))).toBe('en');

    const again = await mobility('data', 'import-json');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^imported 0 student record\(s\), 0 partner agreement\(s\), 0 curriculum semester\(s\), 0 partner catalogue\(s\), 0 equivalence\(s\), 0 mail language\(s\) and 0 document\(s\) into /,
    );
  });
});

// The refusal comes before any write, whatever the engine: checked on the embedded one (CLI runs are slow).
describe('mobility data import-json refusing a bad file', () => {
  const { dataDir: dir, mobility, withStores } = useOldDataDir('pglite');

  test('a records file that does not parse is refused naming the file; nothing is imported or renamed', async () => {
    const file = join(dir(), 'student-records.json');
    const bad = { ...liveRecord('23B030903', 'paid'), gpa: 9 };
    await writeFile(file, JSON.stringify({ version: 1, records: { '23B030903': bad } }));

    // A good languages file beside it is not imported either: every file is read before any is written.
    await writeFile(join(dir(), 'mail-languages.json'), JSON.stringify({ 'a_seitkali@kbtu.kz': 'ru' }));

    const result = await mobility('data', 'import-json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`student records file ${file} is invalid at`);
    expect(result.stderr).toContain('gpa');
    expect(await readdir(dir())).toEqual(
      expect.arrayContaining(['student-records.json', 'mail-languages.json']),
    );
    await withStores(async (stores) => {
      expect(await stores.records.get('23B030903')).toBeNull();
      expect(await stores.languages.languageOf('a_seitkali@kbtu.kz')).toBe('en');
    });
  });

  test('a curricula file that does not parse is refused naming the file and the field', async () => {
    const file = join(dir(), 'curricula.json');
    const bad = { ...semester4[0]!, credits: -1 };
    await writeFile(file, JSON.stringify({ version: 1, semesters: { '6B06102/4': [bad] }, catalogues: {} }));
    const result = await mobility('data', 'import-json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`curricula file ${file} is invalid at`);
    expect(result.stderr).toContain('credits');
    expect(await readdir(dir())).toContain('curricula.json');
  });
});

// The agreements' own import, by the real CLI into the embedded database.
describe('mobility agreements import', () => {
  const { dataDir: dir, mobility, withStores } = useOldDataDir('pglite');

  test('a bad table refused by row and field, the seed kept; a good one replaces the table', async () => {
    const bad = join(dir(), 'bad-agreements.json');
    await writeFile(bad, JSON.stringify([kth, { ...kth, places: [] }]));
    const refused = await mobility('agreements', 'import', bad);
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(`${bad}: nothing imported`),
    });
    expect(refused.stderr).toMatch(/1\.places: an agreement states its places per semester and level/);
    // Nothing read the table yet, so the shipped seed is what calls see.
    expect((await withStores((stores) => stores.agreements.list())).map((a) => a.partnerId)).toEqual([
      'epfl',
      'grenoble-inp',
      'knu',
      'polimi',
      'tum',
    ]);

    const good = join(dir(), 'agreements-2027.json');
    await writeFile(good, JSON.stringify([kth]));
    const imported = await mobility('agreements', 'import', good, '--json');
    expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 1, importId: expect.any(Number) });
    expect(await withStores((stores) => stores.agreements.list())).toEqual([kth]);
  });
});
