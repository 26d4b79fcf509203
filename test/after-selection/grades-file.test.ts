import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGradesFile } from '../../cli/grades-file';

/** `mobility act ... RECORD_PARTNER_TRANSCRIPT --grades FILE.csv`: the file read, or every bad row named. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grades-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

test('the seed transcript reads as the grades of the event, columns in any order', async () => {
  expect(await readGradesFile(join(__dirname, '../../seed/curricula/tum-transcript.csv'))).toEqual([
    { partnerCode: 'IN0007', grade: '1.3' },
    { partnerCode: 'IN0008', grade: '2.0' },
    { partnerCode: 'IN0009', grade: '4.3' },
    { partnerCode: 'MA0009', grade: '1.7' },
    { partnerCode: 'WZ1150', grade: '2.3' },
  ]);
  const swapped = await file('swapped.csv', 'grade,partner_code\n1.0,IN0007\n');
  expect(await readGradesFile(swapped)).toEqual([{ partnerCode: 'IN0007', grade: '1.0' }]);
});

test.each<[string, string, string[]]>([
  ['a missing column', 'partner_code\nIN0007\n', [':1: grade: the header needs this column']],
  [
    'an empty grade and a bad code',
    'partner_code,grade\nIN0007,\n!,1.0\n',
    [':2: grade:', ':3: partner_code:'],
  ],
  ['no rows', 'partner_code,grade\n', ['no grades']],
  ['a row of the wrong width', 'partner_code,grade\nIN0007,1.0,extra\n', [':2:']],
])('%s is refused by line and column, nothing sent', async (name, text, expected) => {
  const path = await file(`${name.replace(/\W/g, '-')}.csv`, text);
  const err = await readGradesFile(path).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err?.message).toMatch(/nothing sent$|^.*:\d+: /);
  for (const part of expected) expect(err?.message).toContain(part);
});

test('a file that cannot be read names it', async () => {
  await expect(readGradesFile(join(dir, 'absent.csv'))).rejects.toThrow(/cannot read .*absent\.csv/);
});
