import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { csv, HEADER, master, row, useTempDir } from './support';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'mobility.js');
const SEED = join(__dirname, '..', '..', 'seed', 'students.csv');
const tmp = useTempDir();
// Each command without a running system opens the embedded database itself (PGlite: 1-3 s of CPU).
jest.setTimeout(300_000);

/** Runs the `mobility` CLI with DATA_DIR in a temporary folder and no Temporal server anywhere. */
async function mobility(...args: string[]) {
  const env = { ...process.env, DATA_DIR: join(tmp(), 'data'), TEMPORAL_ADDRESS: '127.0.0.1:1' };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('records import lists every bad row with its line, loads nothing and exits 2', async () => {
  const file = join(tmp(), 'bad.csv');
  await writeFile(
    file,
    csv(HEADER, row(), master({ master_direction: '' }), row({ student_id: 'X9999', gpa: '4.5' })),
  );
  const result = await mobility('records', 'import', file);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${file}:3: master_direction: a master must have a direction`);
  expect(result.stderr).toContain(`${file}:4: gpa: gpa must be between 0 and 4`);
  expect(result.stderr).toMatch(/nothing loaded: 2 problem\(s\) on 2 line\(s\)/);
  expect(await readdir(tmp())).toEqual(['bad.csv']); // not even the data folder was created
  const shown = await mobility('records', 'show', '23B030112');
  expect(shown.code).toBe(4);
  expect(shown.stderr).toMatch(/no registrar record for student 23B030112/);
});

test('records import loads the seed file and exits 0; records show reads a student back', async () => {
  const imported = await mobility('records', 'import', SEED);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toMatch(/loaded 10 student record\(s\) into the embedded database in .*data\/db/);

  const human = await mobility('records', 'show', '24M040019');
  expect(human.code).toBe(0);
  expect(human.stdout).toContain('24M040019  Aigerim Bekova <a_bekova@kbtu.kz>');
  expect(human.stdout).toContain('BS, master (scientific-pedagogical direction), year 1, semester 2');

  const json = await mobility('records', 'show', '23b070301', '--json');
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({
    studentId: '23B070301',
    school: 'KMA',
    englishOnTranscript: null,
    financialDebts: 1,
  });
});

test('records commands refuse missing arguments and unknown subcommands with exit 2', async () => {
  expect((await mobility('records', 'import')).code).toBe(2);
  expect((await mobility('records', 'import', join(tmp(), 'missing.csv'))).stderr).toMatch(/cannot read/);
  expect((await mobility('records', 'show')).code).toBe(2);
  const unknown = await mobility('records', 'delete', 'X');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown records command "delete"; its commands:/);
});
