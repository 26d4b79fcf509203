import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSystem } from '../../app/system';
import type { IncomingSummary } from '../../client/incoming-listing';
import type { IncomingAuditEntry, IncomingCaseView } from '../../domain/incoming';
import { makeJpeg, makeTextPdf } from '../documents/fixtures';
import { cliRunner, json, type CliRun } from '../helpers/cli';
import { startTestSystem, testConfig } from '../helpers/system';

let system: RunningSystem;
let cli: Awaited<ReturnType<typeof cliRunner>>;
let files: string;
beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  cli = await cliRunner({
    MOBILITY_API_URL: system.apiUrl,
    IDP_PORT: String(config.IDP_PORT),
    DATA_DIR: config.DATA_DIR,
    POLICY_FILE: config.POLICY_FILE,
  });
  files = await mkdtemp(join(tmpdir(), 'incoming-cli-'));
  await writeFile(join(files, 'form.pdf'), await makeTextPdf(['Application form']));
  await writeFile(join(files, 'agreement.pdf'), await makeTextPdf(['Learning agreement']));
  await writeFile(join(files, 'passport.jpg'), makeJpeg(1400, 1000));
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

const as = (user: string, ...args: string[]) => cli.mobility([...args, '--user', user]);
const ok = (r: CliRun) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

const HEADER =
  'semester,school,partnerStudentId,givenName,familyName,birthDate,citizenship,email,passportNumber,passportExpiresOn,level,field';
const row = (id: string, school: string, citizenship: string) =>
  `2027-spring,${school},${id},Lena,Hoffmann,2002-07-30,${citizenship},${id.toLowerCase()}@tum.example,P${id.slice(-7)}00,2031-01-01,bachelor,Mathematics`;

test('an incoming student through the CLI alone: the partner nominates, DI and the schools act, the partner gets the transcript', async () => {
  const password = (u: string) => system.identity!.directory.users.find((x) => x.username === u)!.password;
  for (const user of ['aliya', 'marat', 'gulnara', 'audit']) {
    ok(await cli.mobility(['login', user, '--password-stdin'], { input: `${password(user)}\n` }));
  }
  ok(
    await cli.mobility(['login', '--client-id', 'partner-tum', '--client-secret-stdin'], {
      input: `${system.identity!.directory.partners[0]!.clientSecret}\n`,
    }),
  );
  const id = `CLI${Date.now().toString(36).toUpperCase()}`;

  // One nomination from the partner's sign-in: the partner is its token's, the passport shown masked.
  const nominated = await as(
    'partner-tum',
    'incoming', 'nominate', '--semester', '2027-spring', '--school', 'SITE', '--student-id', id,
    '--given-name', 'Jonas', '--family-name', 'Weber', '--birth-date', '2003-02-11', '--citizenship', 'KG',
    '--email', 'jonas@tum.example', '--passport', 'C7Y123456', '--passport-expires', '2031-05-01',
    '--level', 'bachelor', '--field', 'Informatics', '--json',
  ); // prettier-ignore
  ok(nominated);
  const view = json<IncomingCaseView>(nominated);
  const caseId = view.caseId;
  expect(view).toMatchObject({
    partner: { id: 'tum' },
    visa: { required: false },
    student: { passport: '••••••456' },
  });
  expect(nominated.stdout).not.toContain('C7Y123456');
  const again = await as('partner-tum', 'incoming', 'nominate', '--semester', '2027-spring', '--school', 'SITE',
    '--student-id', id, '--given-name', 'Jonas', '--family-name', 'Weber', '--birth-date', '2003-02-11',
    '--citizenship', 'KG', '--email', 'jonas@tum.example', '--passport', 'C7Y123456', '--passport-expires',
    '2031-05-01', '--level', 'bachelor', '--field', 'Informatics'); // prettier-ignore
  expect(again.code).toBe(5);
  expect(again.stderr).toContain(caseId);

  // Many from a CSV: a bad file opens nothing, each problem by line and column; the good one opens both.
  const a = `${id}A`;
  const b = `${id}B`;
  await writeFile(join(files, 'bad.csv'), [HEADER, row(a, 'SITE', 'DE'), row(b, 'BS', 'Germany')].join('\n'));
  const bad = await as('partner-tum', 'incoming', 'nominate', '--csv', join(files, 'bad.csv'), '--json');
  expect(bad.code).toBe(2);
  expect(json(bad)).toMatchObject({
    error: 'invalid',
    details: { rows: [{ line: 3, column: 'citizenship' }] },
  });
  await writeFile(join(files, 'good.csv'), [HEADER, row(a, 'SITE', 'DE'), row(b, 'BS', 'UZ')].join('\n'));
  const many = await as('partner-tum', 'incoming', 'nominate', '--csv', join(files, 'good.csv'));
  ok(many);
  expect(many.stdout).toContain(`line 3: incoming-tum-2027-spring-${b.toLowerCase()}`);

  // Each sees its scope: DI every case, SITE's dean's office its school's, with visa filters.
  const listed = json<IncomingSummary[]>(await as('aliya', 'incoming', 'list', '--partner', 'tum', '--json'));
  expect(listed.map((c) => c.caseId).sort()).toEqual(
    [caseId, ...[a, b].map((s) => `incoming-tum-2027-spring-${s.toLowerCase()}`)].sort(),
  );
  // --limit stops the list short and says so; without it every page is read (test/api/pagination.test.ts).
  const two = await as('aliya', 'incoming', 'list', '--partner', 'tum', '--limit', '2');
  ok(two);
  expect(two.stdout.trim().split('\n')).toEqual([
    ...listed.slice(0, 2).map((c) => expect.stringContaining(c.caseId)),
    '(more match; raise --limit to see them)',
  ]);
  const zero = await as('aliya', 'incoming', 'list', '--limit', '0', '--json');
  expect({ code: zero.code, error: json(zero) }).toMatchObject({
    code: 2,
    error: {
      error: 'invalid',
      message: expect.stringContaining('--limit'),
      details: { issues: [{ path: 'limit' }] },
    },
  });
  const site = await as('marat', 'incoming', 'list', '--visa-required', 'true');
  ok(site);
  expect(site.stdout).toContain(`incoming-tum-2027-spring-${a.toLowerCase()}`);
  expect(site.stdout).not.toContain(b.toLowerCase());

  const upload = (file: string, kind: string) =>
    as('partner-tum', 'incoming', 'upload', caseId, join(files, file), '--kind', kind);
  const steps: [string, string, ...string[]][] = [
    ['aliya', 'SEND_DISCIPLINES_LIST'],
    ['partner-tum', 'PROPOSE_LEARNING_AGREEMENT', '--set', 'courses=["CSCI2106"]'],
    ['marat', 'AGREE_LEARNING_AGREEMENT', '--set', 'school=SITE'],
  ];
  for (const [user, event, ...flags] of steps.slice(0, 1))
    ok(await as(user, 'incoming', 'act', caseId, event, ...flags));
  expect((await upload('form.pdf', 'application_form')).stdout).toContain('application_form ACCEPTED');
  ok(await upload('passport.jpg', 'passport_scan'));
  ok(await upload('agreement.pdf', 'learning_agreement'));
  for (const [user, event, ...flags] of steps.slice(1))
    ok(await as(user, 'incoming', 'act', caseId, event, ...flags));
  const shown = await as('aliya', 'incoming', 'show', caseId);
  ok(shown);
  expect(shown.stdout).toMatch(/visa: not required/);
  expect(shown.stdout).toContain('SEND_INVITATION_LETTER');
  // The registrar may not send the letter: the machine refuses its role (exit 3).
  const notYours = await as('gulnara', 'incoming', 'act', caseId, 'SEND_INVITATION_LETTER', '--json');
  expect(notYours.code).toBe(3);
  for (const [user, event, ...flags] of [
    ['aliya', 'SEND_INVITATION_LETTER'],
    ['aliya', 'RECORD_ARRIVAL'],
    ['gulnara', 'RECORD_GRADES', '--set', 'grades=[{"course":"CSCI2106","percent":91}]'],
    ['aliya', 'SEND_TRANSCRIPT'],
  ] as [string, string, ...string[]][]) {
    const res = await as(user, 'incoming', 'act', caseId, event, ...flags);
    expect({ event, code: res.code, stderr: res.stderr }).toEqual({ event, code: 0, stderr: '' });
  }
  const shownDone = (await as('audit', 'incoming', 'show', caseId)).stdout;
  expect(shownDone).toContain('[done]');
  expect(shownDone).toContain(`(mobility incoming download ${caseId} invitation-letter)`);
  // The letter and the transcript download as the PDFs the case keeps; an unknown name is refused before any request.
  const letterFile = join(files, 'letter.pdf');
  ok(await as('partner-tum', 'incoming', 'download', caseId, 'invitation-letter', '--out', letterFile));
  expect((await readFile(letterFile)).subarray(0, 5).toString()).toBe('%PDF-');
  const transcriptFile = join(files, 'transcript-out.pdf');
  ok(await as('aliya', 'incoming', 'download', caseId, 'transcript', '--out', transcriptFile));
  expect((await readFile(transcriptFile)).subarray(0, 5).toString()).toBe('%PDF-');
  const unknown = await as('aliya', 'incoming', 'download', caseId, 'visa');
  expect([unknown.code, unknown.stderr]).toEqual([
    2,
    expect.stringContaining('invitation-letter or transcript'),
  ]);
  const history = json<IncomingAuditEntry[]>(await as('audit', 'incoming', 'history', caseId, '--json'));
  expect(history.map((e) => e.event)).toEqual(expect.arrayContaining(['NOMINATE', 'TRANSCRIPT_ISSUED']));
  expect(JSON.stringify(history)).not.toContain('C7Y123456');
}, 600_000);
