import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AuditEntry, CaseView } from '../../domain/case-view';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import { STUDENT_CSV_COLUMNS, STUDENT_CSV_FIELDS } from '../../domain/student-record';
import { ENGLISH_TRANSCRIPT, makeJpeg, makeTextPdf } from '../documents/fixtures';
import { liveCall, liveRecord, uniqueStudentId } from '../helpers/fixtures';
import { startTestSystem, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';

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
    POLICY_FILE: config.POLICY_FILE,
  };
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The registrar's CSV export of one student, as `records import` reads it. */
async function exportCsv(record: ReturnType<typeof liveRecord>): Promise<string> {
  const cell = (v: unknown) => (v === null ? '' : String(v));
  const row = STUDENT_CSV_COLUMNS.map((c) => cell(record[STUDENT_CSV_FIELDS[c]]));
  const file = join(config.DATA_DIR, `export-${record.studentId}.csv`);
  await writeFile(file, `${STUDENT_CSV_COLUMNS.join(',')}\n${row.join(',')}\n`);
  return file;
}

test('a case is driven from application to closed with the CLI alone, and its history read back', async () => {
  const studentId = uniqueStudentId();
  const call = { ...liveCall('erasmus'), id: `erasmus-upm-${Date.now()}`, schools: ['BS'] };
  const callOpened = await mobility(
    'calls',
    'open',
    call.id,
    '--as',
    'di_officer:aliya',
    '--track',
    'erasmus',
    '--semester',
    call.mobilitySemester,
    '--title',
    'Erasmus+ exchange with UPM Madrid',
    '--schools',
    'BS',
    '--opens',
    call.window!.opensAt,
    '--closes',
    call.window!.closesAt,
  );
  expect(callOpened).toMatchObject({ code: 0, stderr: '' });
  expect((await mobility('calls', 'list')).stdout).toContain(call.id);
  const imported = await mobility(
    'records',
    'import',
    await exportCsv(liveRecord(studentId, 'state_grant', { school: 'BS' })),
  );
  expect(imported).toMatchObject({ code: 0, stderr: '' });

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
    call.id,
    '--semester',
    call.mobilitySemester,
    '--channel',
    'uninet',
  );
  expect(opened.code).toBe(0);
  const caseId = (JSON.parse(opened.stdout) as CaseView).caseId;

  const submitted = await mobility('act', caseId, 'SUBMIT_APPLICATION', '--as', `student:${studentId}`);
  expect(submitted.stdout).toContain('eligibility: eligible under policy 2026-2027.900');
  expect(submitted.stdout).toContain('open.eligibilityReview.documents.incomplete');
  // The tour's problem: another student's id could withdraw this case. It is refused as forbidden.
  const stranger = await mobility(
    'act',
    caseId,
    'WITHDRAW',
    '--as',
    'student:99B999999',
    '--reason',
    'not mine',
  );
  expect(stranger.code).toBe(3);
  expect(stranger.stderr).toContain(
    `student 99B999999 may act only on their own case; this is the case of ${studentId}`,
  );
  const transcript = join(config.DATA_DIR, 'transcript.pdf');
  await writeFile(transcript, await makeTextPdf(ENGLISH_TRANSCRIPT));
  const scan = join(config.DATA_DIR, 'passport.jpg');
  await writeFile(scan, makeJpeg(1300, 950));
  const upload = (file: string, kind: string) =>
    mobility('upload', caseId, file, '--kind', kind, '--as', `student:${studentId}`);
  expect((await upload(transcript, 'transcript')).stdout).toContain('transcript ACCEPTED');
  expect((await upload(scan, 'passport_scan')).stdout).toContain('open.eligibilityReview.documents.complete');
  expect((await mobility('show', caseId)).stdout).toContain('documents: complete');
  const again = await upload(scan, 'passport_scan');
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('already in this case');

  const steps: string[][] = [
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
    if (event === 'CONFIRM_ELIGIBILITY') {
      const ranked = await waitFor('the case in the ranking', async () => {
        const out = (await mobility('ranking', call.id)).stdout;
        return out.includes(studentId) ? out : undefined;
      });
      expect(ranked).toContain(`${call.id}: 1 eligible applicant(s), no count of places`);
      expect(ranked).toContain('the only eligible applicant');
    }
  }
  const shown = await mobility('show', caseId);
  expect(shown.stdout).toContain('[done]  Closed');

  const history = await mobility('history', caseId, '--json');
  const entries = JSON.parse(history.stdout) as AuditEntry[];
  expect(entries.filter((e) => e.actor.role !== 'system').map((e) => e.event)).toEqual([
    'OPEN_CASE',
    'SUBMIT_APPLICATION',
    'ATTACH_DOCUMENT',
    'ATTACH_DOCUMENT',
    ...steps.map((s) => s[0]),
  ]);
  const human = await mobility('history', caseId);
  expect(human.stdout).toContain('dean_office:bs  RECALCULATE_CREDITS  creditRecalculation -> closed');
  // Some 25 CLI processes, each starting Node and tsx: slow on a shared 2-core machine.
}, 300_000);

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
