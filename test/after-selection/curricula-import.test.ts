import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCurriculaService, type CurriculaService } from '../../services/curricula';
import { parseKbtuCurriculum, parsePartnerCatalogue } from '../../services/curricula-import';
import { createSqlCurriculumStore } from '../../stores/curricula';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import { useFreshDatabase } from '../stores/databases';
import { SEED } from './support';

const dean = { id: 'dean-site', role: 'dean_office' as const };
const HEADER = 'programme,semester,code,title,credits,component,elective_type';

describe('the importers name every bad row by line and column', () => {
  test('CSV: each bad cell is reported where it is, a quoted line break counted', () => {
    const csv = [
      HEADER,
      '6B06102,4,CSE2210,"Algorithms,\nand Data Structures",6,compulsory,',
      '6B06102,four,CSE2230,Database Systems,5,compulsory,',
      '6B06102,4,CSE2250,Operating Systems,0,compulsory,',
      '6B06102,4,MATH2040,Probability,5,elective,',
      '6B06102,4,HUM2010,Philosophy,4,optional,general_education',
      '6B06102,4,CSE2210,Algorithms again,6,compulsory,',
      '6B06102,4,CSE2990,Web,5,compulsory,profiling',
      '6B06102,4,too,few',
    ].join('\n');
    const r = parseKbtuCurriculum(csv, 'csv');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '4:semester: "four" is not a whole number',
      '5:credits: credits must be above 0',
      '6:elective_type: an elective needs its elective type',
      '7:component: Invalid option: expected one of "compulsory"|"elective"',
      '8:code: the course is listed twice (first on line 2)',
      '9:elective_type: a compulsory course has no elective type (leave it empty)',
      '10:null: the row has 4 fields, the header has 7',
    ]);
  });

  test('CSV: an unknown or missing column stops at the header', () => {
    const r = parseKbtuCurriculum('programme,semester,code,title,credit,component\n', 'csv');
    expect(r.ok ? [] : r.errors).toEqual([
      {
        line: 1,
        column: null,
        message: `unknown column(s): credit; the columns are ${HEADER.replace(/,/g, ', ')}`,
      },
      { line: 1, column: null, message: 'missing column(s): credits' },
    ]);
  });

  test('JSON: the line is where the row object starts, the column its key', () => {
    const json = `[
  { "code": "IN0007", "title": "Algorithms", "credits": 6, "language": "English", "level": "bachelor" },
  {
    "code": "IN0008", "title": "Databases { [", "credits": "six",
    "language": "English", "level": "bachelor"
  },
  { "code": "IN0009", "title": "OS", "credits": 6, "language": "English", "level": "doctoral", "room": 5 }
]`;
    const r = parsePartnerCatalogue('tum', json, 'json');
    expect(r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '3:credits: "six" is not a number',
      '7:room: unknown column; the columns are code, title, credits, language, level, elective_type',
      '7:level: Invalid option: expected one of "bachelor"|"master"',
    ]);
    expect(parsePartnerCatalogue('tum', '{"code": 1}', 'json')).toEqual({
      ok: false,
      errors: [{ line: 1, column: null, message: 'expected an array of partner course catalogue rows' }],
    });
  });
});

describe('an import loads all or nothing', () => {
  const database = useFreshDatabase('pglite');
  let service: CurriculaService;
  beforeAll(() => {
    service = createCurriculaService({
      curricula: createSqlCurriculumStore(database().db),
      equivalences: createSqlEquivalenceStore(database().db),
    });
  });

  test('the seed files load; a file with one bad row loads nothing and leaves the store as it was', async () => {
    const good = await readFile(join(SEED, 'kbtu-working-curriculum.csv'), 'utf8');
    expect(await service.importKbtu({ actor: dean, fileName: 'kbtu.csv', content: good })).toEqual({
      ok: true,
      kind: 'kbtu',
      semesters: [
        { programme: '6B06102', semester: 4, courses: 6 },
        { programme: '6B06102', semester: 6, courses: 5 },
      ],
    });
    const before = await service.semester('6B06102', 4);
    const bad = `${HEADER}\n6B06102,4,NEW100,New course,5,compulsory,\n6B06102,4,NEW200,Broken,x,compulsory,\n`;
    const refused = await service.importKbtu({ actor: dean, format: 'csv', content: bad });
    expect(refused).toEqual({
      ok: false,
      errors: [{ line: 3, column: 'credits', message: '"x" is not a number' }],
    });
    expect(await service.semester('6B06102', 4)).toEqual(before);
    expect(before.map((c) => c.code)).not.toContain('NEW100');
  });

  test('a JSON catalogue loads for its partner; a role that keeps no curricula is refused', async () => {
    const utm = await readFile(join(SEED, 'utm-catalogue.json'), 'utf8');
    const dio = { id: 'aliya', role: 'di_officer' as const };
    expect(await service.importCatalogue('utm', { actor: dio, fileName: 'utm.json', content: utm })).toEqual({
      ok: true,
      kind: 'catalogue',
      partnerId: 'utm',
      courses: 6,
    });
    expect((await service.catalogue('utm'))[0]).toMatchObject({
      partnerId: 'utm',
      code: 'SECJ2013',
      credits: 3,
    });
    await expect(
      service.importCatalogue('utm', { actor: { id: 's', role: 'student' }, content: utm }),
    ).rejects.toThrow('role student may not import curricula; it is for: di_officer, dean_office');
    await expect(service.importCatalogue('UTM!', { actor: dio, content: utm })).rejects.toThrow(
      'refused: partnerId: partnerId must be 2-40 lower-case letters, digits or dashes',
    );
  });
});
