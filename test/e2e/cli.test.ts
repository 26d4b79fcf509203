import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AuditEntry, CaseView } from '../../domain/case-view';
import type { RunningSystem } from '../../services/system';
import type { Config } from '../../workers/config';
import { uniqueStudentId } from '../helpers/fixtures';
import { startTestSystem, testConfig } from '../helpers/system';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'mobility.js');

let system: RunningSystem;
let config: Config;
beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
});
afterAll(async () => {
  await system?.stop();
});

/** Runs the `mobility` CLI as a user would; resolves with exit code and output. */
async function mobility(...args: string[]) {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: system.temporalAddress,
    TASK_QUEUE: config.TASK_QUEUE,
    DATA_DIR: config.DATA_DIR,
  };
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('a case is driven from application to closed with the CLI alone, and its history read back', async () => {
  const studentId = uniqueStudentId();
  const opened = await mobility(
    'open',
    '--json',
    '--as',
    'di_officer:aliya',
    '--student-id',
    studentId,
    '--name',
    'Dana K',
    '--email',
    'dana@student.kbtu.kz',
    '--school',
    'BS',
    '--degree',
    'bachelor',
    '--basis',
    'state_grant',
    '--track',
    'erasmus',
    '--call',
    'erasmus-upm-2027',
    '--semester',
    '2027-fall',
    '--channel',
    'uninet',
  );
  expect(opened.code).toBe(0);
  const caseId = (JSON.parse(opened.stdout) as CaseView).caseId;

  const steps: string[][] = [
    ['SUBMIT_APPLICATION', '--as', `student:${studentId}`],
    ['CONFIRM_ELIGIBILITY', '--as', 'di_officer:aliya'],
    ['SELECT_FOR_PLACEMENT', '--as', 'di_officer:aliya'],
    [
      'NOMINATE_TO_PARTNER',
      '--as',
      'di_officer:aliya',
      '--set',
      'partnerId=upm',
      '--set',
      'partnerName=UPM Madrid',
    ],
    ['RECORD_INVITATION_LETTER', '--as', 'partner:upm'],
    ['APPROVE_LEAVE', '--as', 'vice_rector:omarov'],
    [
      'AGREE_CURRICULUM',
      '--as',
      'dean_office:bs',
      '--set',
      'creditsPlanned=30',
      '--set',
      'creditsRequired=30',
    ],
    ['SIGN_LEARNING_AGREEMENT', '--as', 'di_officer:aliya'],
    ['RECORD_VISA', '--as', `student:${studentId}`],
    ['DEPART', '--as', 'di_officer:aliya'],
    ['END_MOBILITY', '--as', 'di_officer:aliya'],
    ['SUBMIT_RETURN_APPLICATION', '--as', `student:${studentId}`],
    ['RECORD_PARTNER_TRANSCRIPT', '--as', 'partner:upm'],
    [
      'RECALCULATE_CREDITS',
      '--as',
      'dean_office:bs',
      '--set',
      'creditsTransferred=30',
      '--set',
      'retakeCourses=["ACC201"]',
    ],
  ];
  for (const [event, ...flags] of steps) {
    const res = await mobility('act', caseId, event!, ...flags);
    expect({ event, code: res.code, stderr: res.stderr }).toEqual({ event, code: 0, stderr: '' });
  }
  const shown = await mobility('show', caseId);
  expect(shown.stdout).toContain('[done]  Closed');

  const history = await mobility('history', caseId, '--json');
  const entries = JSON.parse(history.stdout) as AuditEntry[];
  expect(entries.map((e) => e.event)).toEqual(['OPEN_CASE', ...steps.map((s) => s[0])]);
  const human = await mobility('history', caseId);
  expect(human.stdout).toContain('dean_office:bs  RECALCULATE_CREDITS  creditRecalculation -> closed');
});

test('refusals exit with distinct codes and say why', async () => {
  const refused = await mobility('act', 'outgoing-nope-x00000', 'DEPART', '--as', 'di_officer:aliya');
  expect(refused.code).toBe(4);
  expect(refused.stderr).toContain('no case outgoing-nope-x00000');
  const noActor = await mobility('act', 'outgoing-nope-x00000', 'DEPART');
  expect(noActor.code).toBe(2);
  expect(noActor.stderr).toContain('--as');
  const badOpen = await mobility('open', '--as', 'di_officer:aliya', '--student-id', 'x');
  expect(badOpen.code).toBe(2);
  expect(badOpen.stderr).toContain('student.id');
});
