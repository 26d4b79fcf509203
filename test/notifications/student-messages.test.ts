import { makeJpeg } from '../documents/fixtures';
import { as, NOMINATED_PARTNER, studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { waitFor } from '../helpers/wait';
import { startRelay, type Relay, type Relayed } from './relay';

/**
 * Version 5's messages to the student, end to end: the real workflow on the time-skipping server, every
 * mail over SMTP to a relay that keeps what it accepts. Each step of the application is told to the
 * student once, with what it is about.
 */

let relay: Relay;
let h: Harness;
beforeAll(async () => {
  relay = await startRelay();
  h = await startTimeSkippingHarness({ smtpPort: relay.port });
});
afterAll(async () => {
  await h?.teardown();
  await relay?.close();
});

const STUDENT = 'aruzhan@student.kbtu.kz';
/** The student's mails of a case so far, by subject. */
const toStudent = (caseId: string): Relayed[] =>
  relay.received.filter((m) => m.to.includes(STUDENT) && m.text.includes(caseId));
const arrived = (caseId: string, subject: string) =>
  waitFor(`the student's mail "${subject}"`, async () =>
    toStudent(caseId).find((m) => m.subject.startsWith(subject)),
  );

test('application received, a document refused with its reasons, nomination and the return papers due', async () => {
  const request = await h.applicant('mshe');
  const { caseId } = await h.cases.open(request);
  const me = studentOf(request);
  const path = happyPath('mshe', 'state_grant', me);

  await drive(h.cases, caseId, path.slice(0, 1));
  const received = await arrived(caseId, 'Academic mobility: your application was received');
  // Nothing is uploaded yet: every item of the MSHE checklist is listed as still needed.
  for (const item of (await h.cases.get(caseId)).checklist!.lines.filter((l) => !l.optional))
    expect(received.text).toContain(`- ${item.label}: not received`);

  // A 300x200 passport scan fails the resolution rule: the mail names the file, the rule and what is left.
  await h.cases.upload(
    caseId,
    { kind: 'passport_scan', actor: me, fileName: 'passport-small.jpg' },
    makeJpeg(300, 200),
  );
  const refused = await arrived(caseId, 'Academic mobility: a document was refused');
  expect(refused.text).toContain('passport-small.jpg (passport scan)');
  expect(refused.text).toMatch(/- .*300x200/);
  expect(refused.text).toMatch(/passport.*: refused \(/i);

  await drive(h.cases, caseId, through(path, 'NOMINATE_TO_PARTNER').slice(1));
  const nominated = await arrived(caseId, 'Academic mobility: you are nominated to');
  expect(nominated.subject).toContain(NOMINATED_PARTNER.name);

  await drive(
    h.cases,
    caseId,
    through(path, 'END_MOBILITY').slice(through(path, 'NOMINATE_TO_PARTNER').length),
  );
  const due = await arrived(caseId, 'Academic mobility: welcome back');
  const [deadline] = (await h.cases.get(caseId)).deadlines;
  expect(deadline?.id).toBe('returnDocuments');
  // MSHE is grant-funded: the financial report is among the papers, and the date is in the calendar event.
  expect(due.text).toContain('- the financial report of the grant, with its receipts');
  expect(due.calendar).toContain('TZID=Asia/Almaty');

  // Each of these was sent once, however many transitions followed.
  const subjects = toStudent(caseId).map((m) => m.subject);
  for (const s of [received, refused, nominated, due].map((m) => m.subject))
    expect(subjects.filter((x) => x === s)).toHaveLength(1);
});

test('the English audition: registration and a pass are told; a self-funded return asks for no report', async () => {
  const request = await h.applicant('self_funded', { record: { englishOnTranscript: 'B1' } });
  const { caseId } = await h.cases.open(request);
  const me = studentOf(request);
  await drive(h.cases, caseId, [
    { type: 'SUBMIT_APPLICATION', actor: me },
    { type: 'REGISTER_FOR_AUDITION', actor: me },
  ]);
  const registered = await arrived(caseId, 'Academic mobility: you are registered for the English audition');
  expect(registered.text).toContain('SNSS');
  await drive(h.cases, caseId, [{ type: 'RECORD_AUDITION_PASSED', actor: as.snss }]);
  const passed = await arrived(caseId, 'Academic mobility: you passed the English audition');
  expect(passed.text).toMatch(/Your eligibility now reads: (not )?eligible under policy /);

  await drive(h.cases, caseId, through(happyPath('self_funded', 'paid', me), 'END_MOBILITY').slice(1));
  const due = await arrived(caseId, 'Academic mobility: welcome back');
  expect(due.text).toContain("- the partner's transcript");
  expect(due.text).not.toContain('financial report');
});

test('a case that ends early tells the student it is closed, and why', async () => {
  const request = await h.applicant('self_funded');
  const { caseId } = await h.cases.open(request);
  const me = studentOf(request);
  await drive(h.cases, caseId, [
    { type: 'SUBMIT_APPLICATION', actor: me },
    { type: 'WITHDRAW', actor: me, reason: 'I will apply next year' },
  ]);
  const closed = await arrived(caseId, 'Academic mobility: your case is closed');
  expect(closed.text).toContain('you withdrew (I will apply next year)');
});
