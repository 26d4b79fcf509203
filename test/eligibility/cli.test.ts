import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EligibilityVerdict } from '../../domain/eligibility';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'mobility.js');

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mobility-elig-'));
  await mobility('records', 'import', join(ROOT, 'seed', 'students.csv'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function mobility(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const selfFunded = ['--track', 'self_funded', '--call', 'self-2027', '--semester', '2027-spring'];

test('explains every rule for a student in the window, and the next window for one outside it', async () => {
  const inside = await mobility(
    'eligibility',
    '22B040087',
    ...selfFunded,
    '--at',
    '2026-09-25T23:59:00+05:00',
    '--json',
  );
  expect(inside.code).toBe(0);
  const verdict = JSON.parse(inside.stdout) as EligibilityVerdict;
  expect(verdict).toMatchObject({ eligible: true, policyVersion: '2026-2027.3', track: 'self_funded' });
  expect(verdict.rules.map((r) => r.id)).toEqual(
    expect.arrayContaining(['gpa', 'english', 'application_window']),
  );

  const after = await mobility(
    'eligibility',
    '22B040087',
    ...selfFunded,
    '--at',
    '2026-09-26T00:00:00+05:00',
  );
  expect(after.stdout).toContain('NOT ELIGIBLE');
  expect(after.stdout).toContain('next application window: 2027-02-01T00:00:00+05:00');
});

test('an IELTS certificate passes the English rule where the transcript lacks B2', async () => {
  const at = ['--at', '2026-09-10T10:00:00+05:00'];
  const without = await mobility('eligibility', '22B030418', ...selfFunded, ...at);
  expect(without.stdout).toMatch(/FAIL +english/);
  expect(without.stdout).toContain('English audition: may register');
  const withIelts = await mobility(
    'eligibility',
    '22B030418',
    ...selfFunded,
    ...at,
    '--ielts',
    '6.0',
    '--ielts-date',
    '2025-06-01',
  );
  expect(withIelts.stdout).toMatch(/pass +english/);
});

test('an unknown student is exit 4, a bad request exit 2 naming the field', async () => {
  const unknown = await mobility('eligibility', 'NOPE1234', ...selfFunded);
  expect(unknown.code).toBe(4);
  expect(unknown.stderr).toContain('no record of student NOPE1234');
  const bad = await mobility(
    'eligibility',
    '22B030418',
    '--track',
    'mshe',
    '--call',
    'x',
    '--semester',
    '2027-spring',
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('call.id');
});
