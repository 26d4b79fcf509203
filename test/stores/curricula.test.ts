import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Equivalence } from '../../domain/curriculum';
import { inTransaction } from '../../stores/db/database';
import { createSqlCurriculumStore } from '../../stores/curricula';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import { sqlLanguagePreferences } from '../../stores/outbox-languages';
import { kbtuCourses, semester4, tumCatalogue, utmCatalogue } from '../after-selection/support';
import { ENGINES, useFreshDatabase } from './databases';

const run = promisify(execFile);
const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

const match = (caseId: string, over: Partial<Equivalence> = {}): Equivalence => ({
  partnerId: 'tum',
  programme: '6B06102',
  kbtuCode: 'CSE2210',
  partnerCodes: ['IN0007'],
  approvedBy: 'marat',
  approvedAt: '2026-11-01T09:00:00.000Z',
  caseId,
  ...over,
});

describe.each(ENGINES)('curricula, equivalences and mail languages on %s', (engine) => {
  const database = useFreshDatabase(engine);

  test('a curriculum import replaces exactly the semesters it names, in file order; others stay', async () => {
    const store = createSqlCurriculumStore(database().db);
    const semester6 = kbtuCourses.filter((c) => c.semester === 6);
    expect(await store.replaceSemesters(kbtuCourses)).toEqual([
      { programme: '6B06102', semester: 4, courses: semester4.length },
      { programme: '6B06102', semester: 6, courses: semester6.length },
    ]);
    const shorter = semester4.slice(1).reverse();
    await store.replaceSemesters(shorter);
    // Programme codes compare case-insensitively, as the file store's keys did.
    expect(await store.semester('6b06102', 4)).toEqual(shorter);
    expect(await store.semester('6B06102', 6)).toEqual(semester6);
    expect(await store.semester('6B06102', 5)).toEqual([]);
  });

  test('a catalogue is replaced whole, for its partner only; a failed transaction leaves the old one', async () => {
    const store = createSqlCurriculumStore(database().db);
    await store.replaceCatalogue('tum', tumCatalogue);
    await store.replaceCatalogue('utm', utmCatalogue);
    await store.replaceCatalogue('tum', tumCatalogue.slice(0, 2));
    expect(await store.catalogue('tum')).toEqual(tumCatalogue.slice(0, 2));
    expect(await store.catalogue('utm')).toEqual(utmCatalogue);

    await expect(
      inTransaction(database().db, async (trx) => {
        await createSqlCurriculumStore(trx).replaceCatalogue('utm', []);
        throw new Error('crash after the delete');
      }),
    ).rejects.toThrow('crash');
    expect(await store.catalogue('utm')).toEqual(utmCatalogue);
    await store.replaceCatalogue('utm', []);
    expect(await store.catalogue('utm')).toEqual([]);
  });

  test("the register: newest first, per partner and programme; a case's match recorded again replaces it", async () => {
    const store = createSqlEquivalenceStore(database().db);
    const older = match('outgoing-e1');
    const newer = match('outgoing-e2', { approvedAt: '2026-11-20T09:00:00.000Z', partnerCodes: ['IN0008'] });
    const otherProgramme = match('outgoing-e3', { programme: '7M06101' });
    const otherPartner = match('outgoing-e4', { partnerId: 'utm' });
    await store.record([older, newer, otherProgramme, otherPartner]);
    const corrected = { ...older, partnerCodes: ['IN0009'] };
    await store.record([corrected]);

    expect(await store.forPartner('tum')).toEqual([newer, corrected, otherProgramme]);
    expect(await store.forPartner('tum', '6B06102')).toEqual([newer, corrected]);
    expect(await store.forPartner('utm')).toEqual([otherPartner]);
    expect(await store.forPartner('nobody')).toEqual([]);
    await expect(store.record([{ ...older, approvedAt: 'yesterday' }])).rejects.toThrow(/approvedAt/);
  });

  test('mail languages: English by default, addresses case-insensitive, the last setting wins, bad rows named', async () => {
    const store = sqlLanguagePreferences(database().db);
    expect(await store.languageOf('nobody@kbtu.test')).toBe('en');
    await store.setMany([{ address: 'A.Seitkali@KBTU.kz', language: 'ru' }]);
    const other = await database().reopen();
    try {
      expect(await sqlLanguagePreferences(other.db).languageOf('a.seitkali@kbtu.kz')).toBe('ru');
    } finally {
      await other.close();
    }
    await store.setMany([{ address: 'a.seitkali@kbtu.kz', language: 'en' }]);
    expect(await store.languageOf('A.SEITKALI@kbtu.kz')).toBe('en');
    await sql`INSERT INTO mail_languages VALUES ('kk@kbtu.kz', 'kk', now())`.execute(database().db);
    await expect(store.languageOf('kk@kbtu.kz')).rejects.toThrow(
      'mail_languages: the language of kk@kbtu.kz must be one of en, ru',
    );
  });

  test('two processes writing the register and the languages at once lose nothing', async () => {
    const opened = database();
    const env = { ...process.env, ...opened.env };
    const count = 12;
    await Promise.all(
      ['PA', 'PB'].map((prefix) =>
        run(TSX, [join(__dirname, 'writer.ts'), 'equivalences,languages', prefix, String(count)], {
          env,
          timeout: 120_000,
        }),
      ),
    );
    const cases = (await createSqlEquivalenceStore(opened.db).forPartner('tum')).map((e) => e.caseId);
    expect(cases.filter((c) => /^outgoing-P[AB]1/.test(c))).toHaveLength(2 * count);
    const languages = sqlLanguagePreferences(opened.db);
    for (const prefix of ['PA', 'PB'])
      for (let i = 0; i < count; i++) expect(cases).toContain(`outgoing-${prefix}${1000 + i}`);
    for (const prefix of ['PA', 'PB'])
      for (let i = 0; i < count; i++)
        expect(await languages.languageOf(`${prefix}${1000 + i}@kbtu.test`)).toBe('ru');
  });
});
