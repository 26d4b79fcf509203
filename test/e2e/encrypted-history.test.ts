import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../../app/config';
import { temporalCliPath } from '../../app/embedded/temporal-binaries';
import type { RunningSystem } from '../../app/system';
import { drive, happyPath } from '../helpers/paths';
import { startTestSystem, systemApplicants, testConfig } from '../helpers/system';

const run = promisify(execFile);

// Personal data of one student, unlike anything else in the database.
const NAME = 'Saule Kenzhebekova';
const EMAIL = 'saule.kenzhebekova@student.kbtu.kz';
const GPA = 3.47;

let system: RunningSystem | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await system?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The bytes of the dev server's SQLite database: the file itself, and its write-ahead log if there is one. */
async function temporalDatabaseBytes(dataDir: string): Promise<{ files: string[]; bytes: Buffer }> {
  const files = (await readdir(dataDir)).filter(
    (f) => f === 'temporal.sqlite' || f === 'temporal.sqlite-wal',
  );
  const bytes = Buffer.concat(await Promise.all(files.map((f) => readFile(join(dataDir, f)))));
  return { files, bytes };
}

test('after a full case the Temporal database holds no name, email or GPA in clear; the codec endpoint shows them', async () => {
  const config: Config = await testConfig();
  dataDir = config.DATA_DIR;
  system = await startTestSystem(config);
  const request = await systemApplicants(config, system)('mshe', {
    record: { fullName: NAME, email: EMAIL, gpa: GPA },
  });
  request.student.fullName = NAME;
  request.student.email = EMAIL;

  const opened = await system.cases.open(request);
  // The student acts as themself: their id is the case's student id.
  const student = { id: request.student.id, role: 'student' as const };
  const steps = happyPath('mshe', 'state_grant').map((s) =>
    s.actor.role === 'student' ? { ...s, actor: student } : s,
  );
  await drive(system.cases, opened.caseId, steps);
  const closed = await system.cases.get(opened.caseId);
  expect(closed).toMatchObject({ status: 'done', stage: 'closed' });

  // Control: through the codec endpoint, as an auditor reads it, the history does hold the student's data.
  const { stdout } = await run(
    temporalCliPath()!,
    [
      'workflow',
      'show',
      '--workflow-id',
      opened.caseId,
      '--address',
      system.temporalAddress,
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      '--codec-endpoint',
      system.codecEndpoint,
      '--output',
      'json',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const decoded = decodedPayloadText(JSON.parse(stdout));
  expect(decoded).toContain(NAME);
  expect(decoded).toContain(EMAIL);
  expect(decoded).toContain(String(GPA));

  await system.stop();
  system = undefined;

  const { files, bytes } = await temporalDatabaseBytes(config.DATA_DIR);
  expect(files).toContain('temporal.sqlite');
  // Control: what Temporal keeps in clear by design (the workflow id, the student id search attribute) is found.
  expect(bytes.includes(Buffer.from(opened.caseId))).toBe(true);
  expect(bytes.includes(Buffer.from(request.student.id))).toBe(true);
  // The GPA as a payload holds it in clear ("gpa":3.47): a bare "3.47" would turn up in random ciphertext
  // about once per 2,000 runs of a 2 MB file, the nine bytes practically never.
  const inClear = [NAME, EMAIL, `"gpa":${GPA}`].filter((secret) => bytes.includes(Buffer.from(secret)));
  expect(inClear).toEqual([]);
});

/**
 * The text of every payload in a history that `temporal workflow show --output json` printed after
 * decoding it through the codec endpoint: payload data is base64 there.
 */
function decodedPayloadText(history: unknown): string {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.data === 'string' && o.metadata && typeof o.metadata === 'object') {
        out.push(Buffer.from(o.data, 'base64').toString('utf8'));
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(history);
  return out.join('\n');
}
