import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { upsertIdentity } from '../../app/embedded/identity-users';
import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import type { AuditEntry, CaseView } from '../../domain/case-view';
import { cliRunner, json, type CliRun } from '../helpers/cli';
import { SEED_MATCHES } from '../helpers/curricula';
import { documentBytes } from '../helpers/paths';
import { liveSemester } from '../helpers/fixtures';
import { startTestSystem, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';

const SEED = join(__dirname, '..', '..', 'seed');
/** A second student (Timur of seed/students.csv), to try another student's case. */
const TIMUR = { username: 'timur', password: 'timur-password-1', studentId: '22B030418' };

let system: RunningSystem;
let config: Config;
let cli: Awaited<ReturnType<typeof cliRunner>>;
const passwords = new Map<string, string>();
beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  for (const u of system.identity!.directory.users) passwords.set(u.username, u.password);
  await upsertIdentity(config.DATA_DIR, {
    user: { ...TIMUR, name: 'Timur Sadykov', role: 'student' },
  });
  passwords.set(TIMUR.username, TIMUR.password);
  // The CLI finds the API and the embedded provider as a user's shell would: by the system's settings.
  cli = await cliRunner({
    MOBILITY_API_URL: system.apiUrl,
    IDP_PORT: String(config.IDP_PORT),
    DATA_DIR: config.DATA_DIR,
    POLICY_FILE: config.POLICY_FILE,
  });
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

/** `mobility ARGS --user USER`: a command as one of the signed-in users. */
const as = (user: string, ...args: string[]) => cli.mobility([...args, '--user', user]);
const ok = (r: CliRun) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

async function login(user: string): Promise<CliRun> {
  return cli.mobility(['login', user, '--password-stdin'], { input: `${passwords.get(user)}\n` });
}

test('the tour through the CLI alone, each step signed in as the seeded user whose work it is', async () => {
  // The registrar's export is loaded on this machine (records import is local by design).
  ok(await cli.mobility(['records', 'import', join(SEED, 'students.csv')]));
  for (const user of ['aliya', 'aruzhan', 'marat', 'ivanov', 'audit', TIMUR.username]) {
    const signedIn = await login(user);
    ok(signedIn);
    expect(signedIn.stdout).toContain(`signed in as ${user}`);
  }
  const partner = await cli.mobility(['login', '--client-id', 'partner-tum', '--client-secret-stdin'], {
    input: `${system.identity!.directory.partners[0]!.clientSecret}\n`,
  });
  ok(partner);
  // The token is kept for the person at this machine only.
  const kept = await stat(join(cli.configHome, 'kbtu-mobility', 'sessions', 'aruzhan.json'));
  expect(kept.mode & 0o777).toBe(0o600);
  expect((await stat(join(cli.configHome, 'kbtu-mobility'))).mode & 0o777).toBe(0o700);
  expect(json(await as('aruzhan', 'whoami', '--json'))).toMatchObject({
    user: 'aruzhan',
    role: 'student',
    id: '23B030112',
  });
  expect((await as('marat', 'whoami')).stdout).toContain('marat: dean_office marat of SITE');

  const callId = `erasmus-cli-${Date.now()}`;
  const day = 86_400_000;
  ok(
    await as(
      'aliya',
      'calls',
      'open',
      callId,
      '--track',
      'erasmus',
      '--semester',
      liveSemester(),
      '--title',
      'Erasmus+ with TU Munich (CLI test)',
      '--schools',
      'SITE,BS',
      '--opens',
      new Date(Date.now() - day).toISOString(),
      '--closes',
      new Date(Date.now() + 30 * day).toISOString(),
    ),
  );
  expect((await as('aruzhan', 'calls', 'list')).stdout).toContain(callId);
  // A what-if about the call by its id alone: the call is read through the API, the verdict made here.
  const asked = await as('aliya', 'eligibility', '23B030112', '--call', callId);
  ok(asked);
  expect(asked.stdout).toMatch(new RegExp(`^ELIGIBLE for call ${callId} \\(erasmus\\)`, 'm'));
  const noCall = await as('aliya', 'eligibility', '23B030112', '--call', 'no-such-call');
  expect(noCall.code).toBe(4);
  expect(noCall.stderr).toContain('no call no-such-call');

  // The student opens her own case from the registrar's record: nothing about her is typed.
  const opened = await as('aruzhan', 'open', '--call', callId, '--json');
  ok(opened);
  const caseId = json<CaseView>(opened).caseId;
  expect(caseId).toBe(`outgoing-${callId}-23b030112`);
  const submitted = await as('aruzhan', 'act', caseId, 'SUBMIT_APPLICATION');
  ok(submitted);
  expect(submitted.stdout).toContain('eligibility: eligible');

  // Another student can neither act on nor read this case through the CLI.
  const stranger = await as(TIMUR.username, 'act', caseId, 'WITHDRAW', '--reason', 'not mine', '--json');
  expect(stranger.code).toBe(3);
  expect(json(stranger)).toMatchObject({ error: 'forbidden' });
  expect(json(stranger).message).toContain(`student ${TIMUR.studentId} may act only on their own case`);
  const peek = await as(TIMUR.username, 'show', caseId);
  expect(peek.code).toBe(3);
  expect(peek.stderr).toContain('a student reads only their own cases');
  // An action the case does not accept now is refused by the case (409: exit 5), naming what is allowed.
  const early = await as('aliya', 'act', caseId, 'DEPART', '--json');
  expect(early.code).toBe(5);
  expect(json(early)).toMatchObject({ error: 'conflict', details: { state: expect.any(Array) } });

  const upload = (file: string, kind: string) =>
    as('aruzhan', 'upload', caseId, join(SEED, 'documents', file), '--kind', kind);
  expect((await upload('transcript.pdf', 'transcript')).stdout).toContain('transcript ACCEPTED');
  const photo = await upload('passport-phone-photo.png', 'passport_scan');
  expect(photo.stdout).toContain('passport_scan REFUSED');
  expect((await upload('passport-scan.png', 'passport_scan')).stdout).toContain('documents.complete');
  const again = await upload('passport-scan.png', 'passport_scan');
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('already in this case');

  ok(await as('aliya', 'act', caseId, 'CONFIRM_ELIGIBILITY'));
  const ranked = await waitFor('the case in the ranking', async () => {
    const out = (await as('aliya', 'ranking', callId)).stdout;
    return out.includes('23B030112') ? out : undefined;
  });
  // The call is open: its ranking is provisional, read from the call's own applicant table.
  expect(ranked).toContain(`${callId} [open]: 1 applicant(s), provisional while the call is open`);
  expect(ranked).toMatch(/1 {2}23B030112 .* selected/);
  expect((await as('aruzhan', 'ranking', callId)).code).toBe(3);
  // The results for the notice board, as CSV and PDF, and the call's own audit trail.
  const csv = await as('aliya', 'calls', 'results', callId, '--format', 'csv');
  ok(csv);
  expect(csv.stdout.split('\n')[1]).toMatch(/^1,23B030112,/);
  const pdfFile = join(cli.configHome, 'results.pdf');
  ok(await as('aliya', 'calls', 'results', callId, '--format', 'pdf', '--out', pdfFile));
  expect((await readFile(pdfFile)).subarray(0, 5).toString()).toBe('%PDF-');
  const callHistory = json<{ event: string }[]>(await as('aliya', 'calls', 'history', callId, '--json'));
  // The call's trail lists the case's join after the call's opening (built from the applicant table).
  expect(callHistory.map((e) => e.event)).toEqual(['OPEN_CALL', 'JOIN']);
  expect((await as('aruzhan', 'calls', 'history', callId)).code).toBe(3);
  ok(await as('aliya', 'act', caseId, 'SELECT_FOR_PLACEMENT'));
  ok(
    await as(
      'aliya',
      'act',
      caseId,
      'NOMINATE_TO_PARTNER',
      '--set',
      'partnerId=tum',
      '--set',
      'partnerName=TU Munich',
    ),
  );
  // The partner's system sends the invitation letter, signed in with its client credentials.
  ok(await as('partner-tum', 'partner-document', caseId, '--kind', 'invitationLetter'));
  await waitFor('the letter applied', async () =>
    (await as('ivanov', 'show', caseId)).stdout.includes('APPROVE_LEAVE') ? true : undefined,
  );
  // The partner's learning agreement, a PDF of its own, uploaded by the partner's system.
  const template = join(cli.configHome, 'tum-learning-agreement.pdf');
  await writeFile(template, await documentBytes('learning_agreement'));
  const grades = join(SEED, 'curricula', 'tum-transcript.csv');
  const steps: [string, string, ...string[]][] = [
    ['ivanov', 'APPROVE_LEAVE'],
    [
      'marat',
      'AGREE_CURRICULUM',
      '--set',
      'programme=6B06102',
      '--set',
      'semester=4',
      '--set',
      `matches=${JSON.stringify(SEED_MATCHES)}`,
    ],
    ['partner-tum', 'upload', template, '--kind', 'learning_agreement'],
    ['aruzhan', 'SIGN_LEARNING_AGREEMENT'],
    ['marat', 'SIGN_LEARNING_AGREEMENT'],
    ['partner-tum', 'SIGN_LEARNING_AGREEMENT'],
    ['aruzhan', 'RECORD_VISA'],
    ['aliya', 'DEPART'],
    ['aliya', 'END_MOBILITY'],
    ['aruzhan', 'SUBMIT_RETURN_APPLICATION'],
    ['partner-tum', 'RECORD_PARTNER_TRANSCRIPT', '--grades', grades],
    ['marat', 'RECALCULATE_CREDITS'],
  ];
  for (const [user, event, ...flags] of steps) {
    const res =
      event === 'upload'
        ? await as(user, 'upload', caseId, ...flags)
        : await as(user, 'act', caseId, event, ...flags);
    expect({ event, code: res.code, stderr: res.stderr }).toEqual({ event, code: 0, stderr: '' });
  }
  // The auditor reads everything and changes nothing.
  expect((await as('audit', 'show', caseId)).stdout).toContain('[done]  Closed');
  const audited = await as('audit', 'act', caseId, 'CANCEL', '--reason', 'x', '--json');
  expect(audited.code).toBe(3);
  expect(json(audited).message).toContain('an auditor is read-only');

  const entries = json<AuditEntry[]>(await as('audit', 'history', caseId, '--json'));
  const people = entries.filter((e) => e.actor.role !== 'system');
  expect(people.map((e) => `${e.actor.role}:${e.actor.id} ${e.event}`)).toEqual([
    'student:23B030112 OPEN_CASE',
    'student:23B030112 SUBMIT_APPLICATION',
    'student:23B030112 ATTACH_DOCUMENT',
    'student:23B030112 ATTACH_DOCUMENT',
    'student:23B030112 ATTACH_DOCUMENT',
    'di_officer:aliya CONFIRM_ELIGIBILITY',
    'di_officer:aliya SELECT_FOR_PLACEMENT',
    'di_officer:aliya NOMINATE_TO_PARTNER',
    'partner:tum PARTNER_DOCUMENT_RECEIVED',
    ...steps.map(
      ([user, event]) =>
        `${ROLE_OF[user]}:${ID_OF[user] ?? user} ${event === 'upload' ? 'ATTACH_DOCUMENT' : event}`,
    ),
  ]);
  const listed = await as('marat', 'list', '--call', callId, '--json');
  expect(json<{ caseId: string }[]>(listed).map((c) => c.caseId)).toEqual([caseId]);
  // Some 45 CLI processes, each starting Node and tsx: slow on a shared 2-core machine.
}, 600_000);

const ROLE_OF: Record<string, string> = {
  aliya: 'di_officer',
  aruzhan: 'student',
  marat: 'dean_office',
  ivanov: 'vice_rector',
  'partner-tum': 'partner',
};
const ID_OF: Record<string, string> = { aruzhan: '23B030112', 'partner-tum': 'tum' };

test('without a valid sign-in every case command exits 6 with a JSON error; other failures have their codes', async () => {
  // A fresh config folder: nobody signed in.
  const fresh = await cliRunner({ MOBILITY_API_URL: system.apiUrl, IDP_PORT: String(config.IDP_PORT) });
  const absent = await fresh.mobility(['show', 'outgoing-x-y', '--json']);
  expect(absent.code).toBe(6);
  expect(json(absent)).toEqual({
    error: 'unauthorized',
    message: 'not signed in: run "mobility login USER" first',
    details: {},
  });
  const wrong = await fresh.mobility(['login', 'aliya', '--password-stdin', '--json'], {
    input: 'not-the-password\n',
  });
  expect(wrong.code).toBe(6);
  expect(json(wrong)).toMatchObject({
    error: 'unauthorized',
    message: expect.stringContaining('wrong user name or password'),
  });

  // A kept token that expired, and one the API does not accept (tampered): both 6, both say to sign in.
  const sessions = join(fresh.configHome, 'kbtu-mobility', 'sessions');
  ok(await fresh.mobility(['login', 'aliya', '--password-stdin'], { input: `${passwords.get('aliya')}\n` }));
  const file = join(sessions, 'aliya.json');
  const kept = JSON.parse(await readFile(file, 'utf8')) as {
    accessToken: string;
    expiresAt: string;
  };
  await writeFile(file, JSON.stringify({ ...kept, expiresAt: new Date(Date.now() - 1000).toISOString() }));
  const expired = await fresh.mobility(['list', '--json']);
  expect(expired.code).toBe(6);
  expect(json(expired).message).toMatch(
    /^the sign-in of aliya expired at .*; sign in again: mobility login aliya$/,
  );
  const [head, payload] = kept.accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, mobility_role: 'vice_rector' })).toString(
    'base64url',
  );
  await writeFile(
    file,
    JSON.stringify({ ...kept, accessToken: `${head}.${forged}.${kept.accessToken.split('.')[2]}` }),
  );
  const tampered = await fresh.mobility(['list', '--json']);
  expect(tampered.code).toBe(6);
  expect(json(tampered)).toMatchObject({
    error: 'unauthorized',
    message: expect.stringContaining('invalid access token'),
  });
  ok(await fresh.mobility(['logout']));
  expect((await fresh.mobility(['whoami'])).code).toBe(6);

  // Usage errors: the declared actor is gone, an unknown option, a missing argument (2).
  const declared = await cli.mobility([
    'act',
    'outgoing-x-y',
    'DEPART',
    '--as',
    'di_officer:aliya',
    '--json',
  ]);
  expect(declared.code).toBe(2);
  expect(json(declared)).toMatchObject({
    error: 'usage',
    message: expect.stringContaining('mobility login'),
  });
  const typed = await as('aliya', 'open', '--call', 'x', '--name', 'Dana K');
  expect(typed.code).toBe(2);
  expect(typed.stderr).toContain('registrar record');
  expect((await as('aliya', 'show')).code).toBe(2);
  // Not found (4), invalid input naming the field (2), the API unreachable (7).
  const missing = await as('aliya', 'show', 'outgoing-nope-x00000', '--json');
  expect(missing.code).toBe(4);
  expect(json(missing)).toMatchObject({ error: 'notFound', message: expect.stringContaining('no case') });
  const badCall = await as('aliya', 'open', '--call', 'Not a call!', '--student-id', '23B030112');
  expect(badCall.code).toBe(2);
  expect(badCall.stderr).toContain('callId');
  const down = await cli.mobility(['list', '--user', 'aliya', '--json'], {
    env: { MOBILITY_API_URL: 'http://127.0.0.1:1' },
  });
  expect(down.code).toBe(7);
  expect(json(down)).toMatchObject({ error: 'unavailable' });
  // Every command explains itself.
  const help = await cli.mobility(['upload', '--help']);
  ok(help);
  expect(help.stdout).toContain('usage: mobility upload CASE_ID FILE [options]');
  expect(help.stdout).toContain('--kind KIND');
  expect(help.stdout).toContain('example:');
}, 300_000);
