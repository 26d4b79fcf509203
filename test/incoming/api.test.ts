import type { RunningSystem } from '../../app/system';
import type { Config } from '../../app/config';
import type { Actor } from '../../domain/actor';
import { makeJpeg, makeTextPdf } from '../documents/fixtures';
import type { AuthedApi } from '../helpers/auth';
import { api, startTestSystem, testConfig } from '../helpers/system';
import { waitFor } from '../helpers/wait';
import { agreementOf, nomination } from './support';

let system: RunningSystem;
let config: Config;
let http: AuthedApi;
beforeAll(async () => {
  config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
});
afterAll(async () => {
  await system?.stop();
});

const TUM: Actor = { id: 'tum', role: 'partner' };
const KNU: Actor = { id: 'knu', role: 'partner' };
const DI: Actor = { id: 'di-officer-1', role: 'di_officer' };
const SITE_DEAN: Actor = { id: 'dean-site-1', role: 'dean_office', school: 'SITE' };
const BS_DEAN: Actor = { id: 'dean-bs-1', role: 'dean_office', school: 'BS' };
const REGISTRAR: Actor = { id: 'registrar-1', role: 'registrar' };
const TUM_CONTACT = agreementOf('tum')!.contact.email;

/** A nomination as the partner's system posts it: no actor, no partnerId (the token says who). */
const body = (over: Parameters<typeof nomination>[0] = {}) => {
  const { semester, school, student } = nomination(over);
  return { semester, school, student };
};

const CSV_HEADER =
  'semester,school,partnerStudentId,givenName,familyName,birthDate,citizenship,email,passportNumber,passportExpiresOn,level,field';
const csvRow = (id: string, citizenship = 'DE', level = 'bachelor') =>
  `2027-spring,SITE,${id},Jonas,Weber,2003-02-11,${citizenship},${id.toLowerCase()}@tum.example,C7Y${id.slice(-6).padStart(6, '0')},2031-05-01,${level},Informatics`;
const uid = (p: string) => `${p}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`;

describe('nominations', () => {
  test("a partner's system nominates one student; the partner is the token's; the passport shows masked", async () => {
    const b = body({ citizenship: 'DE' });
    const res = await http.post('/incoming/nominations', b, TUM);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId: `incoming-tum-2027-spring-${b.student.partnerStudentId.toLowerCase()}`,
      stage: 'nominated',
      partner: { id: 'tum' },
      visa: { required: true, citizenship: 'DE' },
      student: { passport: expect.stringMatching(/^•+[A-Z0-9]{3}$/) },
    });
    expect(JSON.stringify(res.body)).not.toContain(b.student.passport.number);
    const caseId = String(res.body.caseId);
    await waitFor('the nomination mail to the partner', async () => {
      const mails = (await http.get(`/inbox?caseId=${caseId}`)).body as unknown as { to: string[] }[];
      return mails.find((m) => m.to.includes(TUM_CONTACT));
    });

    // The same student again: refused naming the case.
    const again = await http.post('/incoming/nominations', b, TUM);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(caseId);
    // Another partner may not nominate for TUM, nor read TUM's nominee.
    const other = await http.post('/incoming/nominations', { ...body(), partnerId: 'tum' }, KNU);
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('partner knu may nominate only its own students');
    expect((await http.get(`/incoming/cases/${caseId}`, KNU)).status).toBe(403);
    expect((await http.get(`/incoming/cases/${caseId}`, TUM)).status).toBe(200);
    expect((await http.get(`/incoming/cases/${caseId}`, BS_DEAN)).status).toBe(403);
    expect((await http.get(`/incoming/cases/${caseId}`, SITE_DEAN)).status).toBe(200);
    expect((await http.get(`/incoming/cases?partnerId=tum`, KNU)).status).toBe(403);
  });

  test.each([
    ['a citizenship not in ISO 3166 capitals', { citizenship: 'de' }, 'student.citizenship'],
    ['an e-mail that is none', { email: 'nobody' }, 'student.email'],
    [
      'a passport number with spaces',
      { passport: { number: 'C01 X00', expiresOn: '2031-01-01' } },
      'student.passport.number',
    ],
    [
      'a passport that expires during the stay',
      { passport: { number: 'C01X00T44', expiresOn: '2027-02-01' } },
      'student.passport.expiresOn',
    ],
    ['no study level', { level: 'doctorate' }, 'student.level'],
  ])('%s (%j) is refused 400 naming %s', async (_what, student, path) => {
    const b = body();
    const res = await http.post(
      '/incoming/nominations',
      { ...b, student: { ...b.student, ...student } },
      TUM,
    );
    expect(res.status).toBe(400);
    expect((res.body.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
    expect(res.body.message).not.toContain('C01X00T44');
  });

  test('DI nominates on behalf of a partner; an unknown partner and a semester without places are refused', async () => {
    const ok = await http.post('/incoming/nominations', { ...body(), partnerId: 'knu', school: 'BS' }, DI);
    expect(ok.status).toBe(201);
    const unknown = await http.post('/incoming/nominations', { ...body(), partnerId: 'nowhere' }, DI);
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('KBTU has no agreement with partner nowhere') },
    });
    const noPlaces = await http.post(
      '/incoming/nominations',
      { ...body({ level: 'master' }), partnerId: 'knu' },
      DI,
    );
    expect(noPlaces).toMatchObject({
      status: 400,
      body: {
        message: expect.stringContaining('the agreement with knu gives no master places in spring semesters'),
      },
    });
    // A student may not nominate anyone.
    const student = await http.post('/incoming/nominations', body(), { id: 'S1', role: 'student' });
    expect(student.status).toBe(403);
  });

  test("the agreement's places are counted: TUM's two master places in 2027-spring, a third is refused", async () => {
    for (let i = 0; i < 2; i++)
      expect((await http.post('/incoming/nominations', body({ level: 'master' }), TUM)).status).toBe(201);
    const third = await http.post('/incoming/nominations', body({ level: 'master' }), TUM);
    expect(third).toMatchObject({ status: 400, body: { message: expect.stringContaining('all taken') } });
  });

  test('a CSV of many is all or nothing, naming line and column; then it opens every case', async () => {
    const ids = [uid('C'), uid('D')];
    const listed = async () =>
      (await http.pages('/incoming/cases?partnerId=tum&limit=200', TUM)).flatMap((p) => p.items).length;
    const before = await listed();
    const bad = [CSV_HEADER, csvRow(ids[0]!), csvRow(ids[1]!, 'Germany'), csvRow(ids[0]!)].join('\n');
    const refused = await http.post('/incoming/nominations/csv', { content: bad }, TUM);
    expect(refused.status).toBe(400);
    expect((refused.body.details as { rows: unknown[] }).rows).toEqual([
      { line: 3, column: 'citizenship', message: expect.stringContaining('ISO 3166') },
      { line: 4, column: 'partnerStudentId', message: 'the same student as on line 2' },
    ]);
    expect(await listed()).toBe(before);

    const good = [CSV_HEADER, csvRow(ids[0]!), csvRow(ids[1]!, 'KG')].join('\n');
    const made = await http.post('/incoming/nominations/csv', { content: good }, TUM);
    expect(made.status).toBe(201);
    expect(made.body.cases).toEqual([
      { line: 2, caseId: `incoming-tum-2027-spring-${ids[0]!.toLowerCase()}` },
      { line: 3, caseId: `incoming-tum-2027-spring-${ids[1]!.toLowerCase()}` },
    ]);
    // The same file again: every line a duplicate, nothing opened.
    const twice = await http.post('/incoming/nominations/csv', { content: good }, TUM);
    expect(twice.status).toBe(400);
    expect((twice.body.details as { rows: { message: string }[] }).rows[0]!.message).toContain(
      'already nominated',
    );
  });
});

test('a nominee through the API, from nomination to the transcript sent to the partner', async () => {
  const b = body({ citizenship: 'KG' });
  const { caseId } = (await http.post('/incoming/nominations', b, TUM)).body as unknown as { caseId: string };
  const student: Actor = { id: b.student.partnerStudentId, role: 'student' };
  const act = async (actor: Actor, event: Record<string, unknown>) => {
    const res = await http.post(`/incoming/cases/${caseId}/actions`, event, actor);
    expect([res.status, res.body.message]).toEqual([200, undefined]);
    return res.body;
  };
  const upload = async (kind: string, bytes: Uint8Array) => {
    const res = await http.upload(`/incoming/cases/${caseId}/documents`, { kind }, bytes, `${kind}.pdf`, TUM);
    expect([res.status, res.body.message]).toEqual([201, undefined]);
  };
  await act(DI, { type: 'SEND_DISCIPLINES_LIST' });
  await upload('application_form', await makeTextPdf(['Application form']));
  await upload('passport_scan', makeJpeg(1400, 1000));
  await upload('learning_agreement', await makeTextPdf(['Learning agreement']));
  await act(student, { type: 'PROPOSE_LEARNING_AGREEMENT', courses: ['CSCI2106', 'FIN3102'] });
  // SITE's dean's office agrees only for SITE; BS's for BS.
  const wrong = await http.post(
    `/incoming/cases/${caseId}/actions`,
    { type: 'AGREE_LEARNING_AGREEMENT', school: 'BS' },
    SITE_DEAN,
  );
  expect(wrong.status).toBe(403);
  await act(SITE_DEAN, { type: 'AGREE_LEARNING_AGREEMENT', school: 'SITE' });
  await act(BS_DEAN, { type: 'AGREE_LEARNING_AGREEMENT', school: 'BS' });
  const view = (await http.get(`/incoming/cases/${caseId}`)).body;
  expect(view).toMatchObject({
    stage: 'invitations',
    deadlines: [{ id: 'invitationLetter', responsible: 'di_officer' }],
  });
  const issued = (document: string, actor: Actor = TUM) =>
    http.get(`/incoming/cases/${caseId}/issued/${document}`, actor);
  const notYet = await issued('invitation-letter');
  expect([notYet.status, notYet.body.message]).toEqual([
    404,
    `case ${caseId} has no invitation-letter document: it is at Invitations`,
  ]);
  await act(DI, { type: 'SEND_INVITATION_LETTER' });
  // KBTU's letter is a PDF kept on the case: the partner, the student and DI download it; another partner may not.
  for (const reader of [TUM, student, DI]) {
    const letter = await issued('invitation-letter', reader);
    expect([letter.status, letter.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(String(letter.body).startsWith('%PDF-')).toBe(true);
  }
  expect((await issued('invitation-letter', KNU)).status).toBe(403);
  const unknown = await issued('visa');
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toContain('document');
  await act(DI, { type: 'RECORD_ARRIVAL' });
  await act(REGISTRAR, {
    type: 'RECORD_GRADES',
    grades: [
      { course: 'CSCI2106', percent: 95 },
      { course: 'FIN3102', percent: 71 },
    ],
  });
  const transcript = await issued('transcript');
  expect([transcript.status, String(transcript.body).slice(0, 5)]).toEqual([200, '%PDF-']);
  expect(transcript.headers.get('content-disposition')).toBe(
    `attachment; filename="${caseId}-transcript.pdf"`,
  );
  const closed = await act(DI, { type: 'SEND_TRANSCRIPT' });
  expect(closed).toMatchObject({ status: 'done', stage: 'closed' });
  const history = (await http.get(`/incoming/cases/${caseId}/history`, TUM)).body as unknown as {
    event: string;
  }[];
  expect(history.map((e) => e.event)).toContain('TRANSCRIPT_ISSUED');
  expect(JSON.stringify(history)).not.toContain(b.student.passport.number);
  await waitFor('the transcript mail to the partner', async () => {
    const mails = (await http.get(`/inbox?caseId=${caseId}`)).body as unknown as {
      to: string[];
      subject: string;
    }[];
    return mails.find((m) => m.to.includes(TUM_CONTACT) && m.subject.startsWith('KBTU transcript'));
  });
});
