import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { extractPageText } from '../../activities/documents/pdf-text';
import { importStudentCsv } from '../../services/records-import';
import type { Actor } from '../../domain/actor';
import type { FundingTrack } from '../../domain/case';
import type { ActionResult, AuditEntry, CaseView } from '../../domain/case-view';
import type { RunningSystem } from '../../app/system';
import { ELF, makeJpeg } from '../documents/fixtures';
import { as, liveCall, studentOf } from '../helpers/fixtures';
import { auditedTypeOf, happyPath, through, type Step } from '../helpers/paths';
import { openBody } from '../helpers/auth';
import { api, driveHttp, startTestSystem, systemApplicants, testConfig } from '../helpers/system';
import { idleHistoryLength, waitFor } from '../helpers/wait';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  return doc
    .getPages()
    .map((p) => extractPageText(doc, p, 1 << 22))
    .join('\n');
}

let system: RunningSystem;
let http: ReturnType<typeof api>;
let applicant: ReturnType<typeof systemApplicants>;
beforeAll(async () => {
  const config = await testConfig();
  system = await startTestSystem(config);
  http = api(system, config);
  applicant = systemApplicants(config, system);
});
afterAll(async () => {
  await system?.stop();
});

describe.each<[FundingTrack, 'state_grant' | 'paid']>([
  ['self_funded', 'paid'],
  ['mshe', 'state_grant'],
  ['erasmus', 'paid'],
])('through the HTTP API, a %s case (%s)', (track, studyBasis) => {
  test('passes eligibility and its document checks, goes on to closed, is listed, and its history reads back', async () => {
    const request = await applicant(track, { studyBasis });
    // The student applies, signed in: the call is all they name; who they are is the registrar's record.
    const opened = await http.post('/cases', { callId: request.callId }, studentOf(request));
    expect(opened.status).toBe(201);
    const caseId = (opened.body as unknown as CaseView).caseId;
    expect((opened.body as unknown as CaseView).context).toMatchObject({ student: request.student });

    const steps = happyPath(track, studyBasis, studentOf(request));
    const application = through(steps, 'CONFIRM_ELIGIBILITY');
    await driveHttp(http, caseId, application.slice(0, -1));
    const reviewed = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
    expect(reviewed.eligibility).toMatchObject({ eligible: true, track, policyVersion: '2026-2027.900' });
    expect(reviewed.checklist?.complete).toBe(true);
    expect(reviewed.checklist?.lines.every((l) => l.optional || l.status === 'accepted')).toBe(true);
    await driveHttp(http, caseId, steps.slice(application.length - 1));
    const view = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
    expect(view).toMatchObject({ status: 'done', stage: 'closed', allowedActions: [] });

    const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
    const byStaff = history.filter((e) => e.actor.role !== 'system').map((e) => e.event);
    expect(byStaff).toEqual(['OPEN_CASE', ...steps.map(auditedTypeOf)]);

    const listed = await waitFor('the case in visibility with stage closed', async () => {
      const res = await http.get(`/cases?track=${track}&studentId=${request.student.id}&stage=closed`);
      const { items } = res.body as unknown as { items: { caseId: string }[] };
      return items.length === 1 ? items : undefined;
    });
    expect(listed).toMatchObject([
      { caseId, track, school: 'SITE', studentId: request.student.id, stage: 'closed' },
    ]);
  });
});

describe('refusals through the HTTP API', () => {
  test('a 409 names the state and what is allowed, and leaves audit trail and Temporal history unchanged', async () => {
    const request = await applicant('self_funded');
    const { body } = await http.post('/cases', openBody(request));
    const caseId = (body as unknown as CaseView).caseId;
    const submitted = await http.post(`/cases/${caseId}/actions`, {
      type: 'SUBMIT_APPLICATION',
      actor: studentOf(request),
    });
    expect(submitted.status).toBe(200);
    // The small result of an action, not the case's view: that is a read of its own.
    expect(Object.keys(submitted.body).sort()).toEqual(
      ['allowedActions', 'caseId', 'document', 'eligibility', 'stage', 'states', 'status'].sort(),
    );
    expect((submitted.body as unknown as ActionResult).eligibility).toMatchObject({ eligible: true });
    const handle = system.cases.temporal.workflow.getHandle(caseId);
    const eventsBefore = await idleHistoryLength(handle);
    const auditBefore = (await http.get(`/cases/${caseId}/history`)).body;

    const refused = await http.post(`/cases/${caseId}/actions`, { type: 'DEPART', actor: as.di });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(
      'not allowed in state open.eligibilityReview.eligibility.assessed, open.eligibilityReview.documents.incomplete',
    );
    expect(refused.body.message).toContain('ATTACH_DOCUMENT (student, di_officer)');

    const forbidden = await http.post(`/cases/${caseId}/actions`, {
      type: 'REEVALUATE_ELIGIBILITY',
      actor: as.snss,
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toContain('role snss');

    const notTheirs = await http.post(`/cases/${caseId}/actions`, {
      type: 'WITHDRAW',
      actor: { id: '99B999999', role: 'student' },
      reason: 'withdrawing a case that is not mine',
    });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body).toMatchObject({ error: 'forbidden' });
    expect(notTheirs.body.message).toContain('may act only on their own case');

    const invalid = await http.post(`/cases/${caseId}/actions`, { type: 'REJECT_APPLICATION', actor: as.di });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details).toMatchObject({ issues: [{ path: 'reason' }] });

    expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);
    expect((await http.get(`/cases/${caseId}/history`)).body).toEqual(auditBefore);
  });

  test('bad case input is a 400 naming the field; a wrong role 403; unknown cases 404; duplicates 409', async () => {
    const bad = await applicant('mshe');
    // Who the student is comes from the registrar's record: typed student data is refused.
    const typed = await http.post('/cases', { ...openBody(bad), student: bad.student });
    expect(typed.status).toBe(400);
    expect(typed.body.message).toContain('student');

    const wrongChannel = await http.post('/cases', { ...openBody(bad), channel: 'email' });
    expect(wrongChannel.status).toBe(400);
    expect(wrongChannel.body.message).toContain('channel: bachelors apply through uninet');

    const byFinance = await http.post('/cases', openBody(bad), as.finance);
    expect(byFinance.status).toBe(403);
    expect(byFinance.body.message).toContain('role finance may not open a case');

    expect((await http.get('/cases/outgoing-nope-x00000')).status).toBe(404);
    const typo = await http.get('/cases?tracks=mshe');
    expect(typo.status).toBe(400);
    expect(typo.body.message).toContain('tracks');
    expect((await http.get('/cases/not a case id')).status).toBe(400);

    const noCall = await http.post('/cases', { ...openBody(bad), callId: 'no-such-call' });
    expect(noCall.status).toBe(400);
    expect(noCall.body.message).toContain('callId: no call no-such-call is open');
    const wrongTrack = await http.post('/cases', { ...openBody(bad), track: 'erasmus' });
    expect(wrongTrack.status).toBe(400);
    expect(wrongTrack.body.message).toContain('track: call');

    expect((await http.post('/cases', openBody(bad))).status).toBe(201);
    expect((await http.post('/cases', openBody(bad))).status).toBe(409);
  });

  test('serves its OpenAPI document and the local inbox', async () => {
    const doc = (await http.get('/openapi.json')).body as unknown as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/cases',
        '/cases/{caseId}',
        '/cases/{caseId}/actions',
        '/cases/{caseId}/history',
        '/cases/{caseId}/documents',
        '/calls',
        '/calls/{callId}',
        '/calls/{callId}/ranking',
      ]),
    );
    const actions = doc.paths['/cases/{caseId}/actions'] as {
      post: { responses: Record<string, { content: Record<string, { schema: { properties: object } }> }> };
    };
    const answer = actions.post.responses['200']!.content['application/json']!.schema.properties;
    expect(Object.keys(answer).sort()).toEqual(
      ['allowedActions', 'caseId', 'document', 'eligibility', 'stage', 'states', 'status'].sort(),
    );
    const request = await applicant('self_funded');
    const rejectedCase = (await http.post('/cases', openBody(request))).body as unknown as CaseView;
    await http.post(`/cases/${rejectedCase.caseId}/actions`, {
      type: 'SUBMIT_APPLICATION',
      actor: studentOf(request),
    });
    await http.post(`/cases/${rejectedCase.caseId}/actions`, {
      type: 'REJECT_APPLICATION',
      actor: as.di,
      reason: 'GPA 2.3 is below 2.5',
    });
    const mail = await waitFor('the rejection email in the inbox', async () => {
      const inbox = (await http.get(`/inbox?caseId=${rejectedCase.caseId}`)).body as unknown as {
        subject: string;
        text: string;
      }[];
      return inbox.find((m) => m.subject.includes('not successful'));
    });
    expect(mail.subject).toContain('not successful');
    expect(mail.text).toContain('GPA 2.3 is below 2.5');
  });
});

describe("a partner's documents through the HTTP API", () => {
  test('an awaited invitation letter from the signed-in nominated partner moves the case on; anyone else is refused and nothing is appended', async () => {
    const request = await applicant('erasmus');
    const caseId = ((await http.post('/cases', openBody(request))).body as unknown as CaseView).caseId;
    const stranger = { id: 'uni-x', role: 'partner' } as const;
    // Before the nomination even the future partner reads nothing of the case.
    expect(
      (await http.post(`/cases/${caseId}/partner-documents`, { kind: 'invitationLetter' }, as.partner))
        .status,
    ).toBe(403);
    await driveHttp(
      http,
      caseId,
      through(happyPath('erasmus', 'paid', studentOf(request)), 'NOMINATE_TO_PARTNER'),
    );
    const before = (await http.get(`/cases/${caseId}/history`)).body;

    const bad = await http.post(`/cases/${caseId}/partner-documents`, { kind: 'diploma' }, as.partner);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('kind');
    const named = await http.post(
      `/cases/${caseId}/partner-documents`,
      { kind: 'invitationLetter', partnerId: 'tum' },
      as.partner,
    );
    expect(named.status).toBe(400);
    expect(named.body.message).toContain('partnerId: the partner is the signed-in partner');
    const fromStranger = await http.post(
      `/cases/${caseId}/partner-documents`,
      { kind: 'invitationLetter' },
      stranger,
    );
    expect(fromStranger.status).toBe(403);
    expect(fromStranger.body.message).toContain('partner uni-x reads only the cases nominated to it');
    const fromStaff = await http.post(
      `/cases/${caseId}/partner-documents`,
      { kind: 'invitationLetter' },
      as.di,
    );
    expect(fromStaff.status).toBe(403);
    const notAwaited = await http.post(
      `/cases/${caseId}/partner-documents`,
      { kind: 'transcript' },
      as.partner,
    );
    expect(notAwaited.status).toBe(409);
    expect(notAwaited.body.message).toContain('awaits no transcript now');
    expect((await http.get(`/cases/${caseId}/history`)).body).toEqual(before);
    expect(((await http.get(`/cases/${caseId}`)).body as unknown as CaseView).stage).toBe('placement');

    const sent = await http.post(
      `/cases/${caseId}/partner-documents`,
      { kind: 'invitationLetter' },
      as.partner,
    );
    expect(sent.status).toBe(202);
    const view = await waitFor('the case to leave placement', async () => {
      const v = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
      return v.stage === 'preDeparture' ? v : undefined;
    });
    expect(view.states).toContain('open.preDeparture.leave.pending');
    const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
    expect(history.at(-1)).toMatchObject({
      event: 'PARTNER_DOCUMENT_RECEIVED',
      actor: { id: 'tum', role: 'partner' },
      note: 'invitationLetter',
    });
  });
});

describe('eligibility through the HTTP API', () => {
  test('explains the verdict from the imported registrar records; unknown students are 404, bad calls 400', async () => {
    const store = system.stores.records;
    expect(await importStudentCsv(join(__dirname, '..', '..', 'seed', 'students.csv'), store)).toMatchObject({
      ok: true,
    });
    const call = {
      id: 'mshe-2027',
      track: 'mshe',
      mobilitySemester: '2027-spring',
      window: { opensAt: '2026-10-01T00:00:00+05:00', closesAt: '2026-10-20T23:59:59+05:00' },
    };

    const ok = await http.post('/eligibility', {
      studentId: '23B030112',
      call,
      at: '2026-10-05T12:00:00+05:00',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ eligible: true, track: 'mshe', policyVersion: '2026-2027.900' });

    const late = await http.post('/eligibility', {
      studentId: '23B030112',
      call,
      at: '2026-10-21T00:00:00+05:00',
    });
    expect(late.body).toMatchObject({ eligible: false });
    expect((late.body as unknown as { rules: { id: string; passed: boolean }[] }).rules).toContainEqual(
      expect.objectContaining({ id: 'application_window', passed: false }),
    );

    expect((await http.post('/eligibility', { studentId: 'NOPE1234', call })).status).toBe(404);
    const open = liveCall('mshe');
    // The live MSHE call may already be open from an earlier test in this file.
    expect([201, 409]).toContain((await http.post('/calls', open)).status);
    const byId = await http.post('/eligibility', { studentId: '23B030112', callId: open.id });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ callId: open.id, track: 'mshe' });
    const both = await http.post('/eligibility', { studentId: '23B030112', callId: open.id, call });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain(
      'callId: name an open call (callId) or describe one (call), not both',
    );
    expect((await http.post('/eligibility', { studentId: '23B030112', callId: 'nope-call' })).status).toBe(
      404,
    );
    const bad = await http.post('/eligibility', { studentId: '23B030112', call: { ...call, track: 'none' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('call.track');
  });
});

describe('calls and uploads through the HTTP API', () => {
  test('DI opens a call; a call that breaks the policy is a 400 naming the field; others may not open one', async () => {
    const now = Date.now();
    const call = { ...liveCall('erasmus', now), id: `erasmus-tum-${now}` };
    const opened = await http.post('/calls', call);
    expect(opened.status).toBe(201);
    // The call is a workflow: its view carries the call, its state and its places as they stand.
    expect(opened.body).toMatchObject({
      call: { id: call.id, openedBy: as.di, schools: ['SITE', 'BS'] },
      state: 'open',
      applicants: 0,
    });
    expect((await http.get(`/calls/${call.id}`)).body).toMatchObject({ call: { id: call.id } });
    const listed = (await http.get('/calls')).body.items as { call: { id: string } }[];
    expect(listed.map((c) => c.call.id)).toContain(call.id);
    expect((await http.post('/calls', call)).status).toBe(409);
    const noDates = await http.post('/calls', { ...call, id: `${call.id}-x`, window: undefined });
    expect(noDates.status).toBe(400);
    expect(noDates.body.message).toContain('window: erasmus calls carry their own application dates');
    expect((await http.post('/calls', { ...call, id: `${call.id}-y`, actor: as.student })).status).toBe(403);
    expect((await http.get('/calls/nothing-here')).status).toBe(404);
  });

  test('a multipart upload is checked and recorded; a refused one is a 400 and changes nothing', async () => {
    const request = await applicant('self_funded');
    const caseId = ((await http.post('/cases', openBody(request))).body as unknown as CaseView).caseId;
    const me = studentOf(request);
    await http.post(`/cases/${caseId}/actions`, { type: 'SUBMIT_APPLICATION', actor: me });
    const form = { kind: 'passport_scan' };
    const ok = await http.upload(`/cases/${caseId}/documents`, form, makeJpeg(1200, 900), 'passport.jpg', me);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      verdict: { kind: 'passport_scan', accepted: true },
      result: { caseId, stage: 'eligibilityReview', document: { kind: 'passport_scan', accepted: true } },
    });
    const strangers = await http.upload(
      `/cases/${caseId}/documents`,
      { ...form, kind: 'transcript' },
      makeJpeg(1200, 900),
      'transcript.jpg',
      as.student,
    );
    expect(strangers.status).toBe(403);
    const before = (await http.get(`/cases/${caseId}/history`)).body;
    const exe = await http.upload(
      `/cases/${caseId}/documents`,
      { ...form, kind: 'transcript' },
      ELF,
      'transcript.pdf',
      me,
    );
    expect(exe.status).toBe(400);
    expect(exe.body.message).toMatch(/executable/i);
    const unknownField = await http.upload(
      `/cases/${caseId}/documents`,
      { ...form, colour: 'red' },
      ELF,
      'x.pdf',
      me,
    );
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('colour');
    const typedActor = await http.upload(
      `/cases/${caseId}/documents`,
      { ...form, actorId: '99B999999', actorRole: 'student' },
      ELF,
      'x',
      me,
    );
    expect(typedActor.status).toBe(400);
    expect(typedActor.body.message).toContain('unknown form field actorId');
    const noKind = await http.upload(`/cases/${caseId}/documents`, {}, ELF, 'x', me);
    expect(noKind.status).toBe(400);
    expect(noKind.body.message).toContain('kind');
    const badBand = await http.upload(
      `/cases/${caseId}/documents`,
      { ...form, kind: 'ielts_certificate', ieltsScore: '' },
      makeJpeg(1200, 900),
      'trf.jpg',
      me,
    );
    expect(badBand.status).toBe(400);
    expect(badBand.body.message).toContain('ieltsScore');
    const huge = await http.upload(
      `/cases/${caseId}/documents`,
      form,
      new Uint8Array(30 << 20),
      'scan.png',
      me,
    );
    expect(huge.status).toBe(400);
    expect(huge.body.message).toContain('larger than 26214400 bytes, more than any document may be');
    const json = await http.post(`/cases/${caseId}/documents`, { kind: 'transcript' }, me);
    expect(json.status).toBe(400);
    expect((await http.get(`/cases/${caseId}/history`)).body).toEqual(before);
  });
});

describe('the ranking of a call through the HTTP API', () => {
  test("ranks the call's eligible applicants by the policy's criteria, within the region's places", async () => {
    const now = Date.now();
    const call = { ...liveCall('mshe', now), id: `mshe-sea-${now}`, region: 'south-east-asia' };
    expect((await http.post('/calls', call)).status).toBe(201);
    const enter = async (gpa: number, extra: (student: Actor) => Step[] = () => []) => {
      const request = { ...(await applicant('mshe', { record: { gpa } })), callId: call.id };

      const caseId = ((await http.post('/cases', openBody(request))).body as unknown as CaseView).caseId;
      const me = studentOf(request);
      const steps = through(happyPath('mshe', 'state_grant', me), 'CONFIRM_ELIGIBILITY');
      await driveHttp(http, caseId, [...steps.slice(0, -1), ...extra(me), steps.at(-1)!]);
      return request.student.id;
    };
    const stray = await applicant('mshe', { record: { gpa: 3 } });
    const refused = await http.post('/cases', {
      ...openBody({ ...stray, callId: call.id }),
      preferences: ['south-east-asia', 'mars'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(
      `preferences.1: mars is not a place of call ${call.id}: one of south-east-asia`,
    );
    const plain = await enter(3.2);
    const best = await enter(3.9);
    const priority = await enter(3.2, (student) => [{ upload: 'social_priority', actor: student }]);

    const ranking = await waitFor('three applicants in the ranking', async () => {
      const res = await http.get(`/calls/${call.id}/ranking`);
      const body = res.body as unknown as { results: unknown[] };
      return body.results.length === 3 ? body : undefined;
    });
    // Read from the call's own applicant table; provisional while the call is open (2 places).
    expect(ranking).toMatchObject({
      callId: call.id,
      state: 'open',
      published: false,
      criteria: ['gpa', 'english', 'social_priority', 'submitted_at'],
      results: [
        {
          studentId: best,
          rank: 1,
          outcome: 'selected',
          placeId: 'south-east-asia',
          rankReason: 'gpa: GPA 3.9, ahead of GPA 3.2 (rank 2)',
        },
        {
          studentId: priority,
          rank: 2,
          outcome: 'selected',
          placeId: 'south-east-asia',
          rankReason: expect.stringMatching(/^social_priority: 1 social-priority document/),
        },
        {
          studentId: plain,
          rank: 3,
          outcome: 'waitlisted',
          waitlistPosition: 1,
          rankReason: 'last of the eligible applicants',
        },
      ],
    });
    const csv = await http.get(`/calls/${call.id}/results?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as unknown as string).trim().split('\n');
    expect(lines[0]).toBe(
      'rank,student_id,full_name,result,place,waitlist_position,reason,rank_reason,allowance_total_kzt',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual([
      ['1', best],
      ['2', priority],
      ['3', plain],
    ]);
    const pdf = await fetch(`${system.apiUrl}/calls/${call.id}/results?format=pdf`, {
      headers: { authorization: `Bearer ${await http.tokenFor(as.di)}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const board = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    for (const text of [`Results: ${call.title}`, best, 'waitlist 1', 'South-East Asia'])
      expect(board).toContain(text);
    const xml = await http.get(`/calls/${call.id}/results?format=xml`);
    expect(xml.status).toBe(400);
    expect(xml.body.message).toContain('format');
    expect((await http.get('/calls/no-such-call/ranking')).status).toBe(404);
  });
});

describe('a case ended through the engine, read through the HTTP API', () => {
  const openSubmitted = async () => {
    const request = await applicant('self_funded');
    const caseId = ((await http.post('/cases', openBody(request))).body as unknown as CaseView).caseId;
    await http.post(`/cases/${caseId}/actions`, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) });
    const handle = system.cases.temporal.workflow.getHandle(caseId);
    await idleHistoryLength(handle);
    return { request, caseId, handle };
  };

  test('a terminated case reads as terminated, its history ends with ENGINE_TERMINATED, and the call takes a new case', async () => {
    const { request, caseId, handle } = await openSubmitted();
    const before = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
    await handle.terminate('opened on the wrong call');
    const view = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
    expect(view).toMatchObject({ status: 'terminated', stage: 'eligibilityReview', allowedActions: [] });
    const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
    expect(history.slice(0, -1)).toEqual(before);
    expect(history.at(-1)).toMatchObject({
      event: 'ENGINE_TERMINATED',
      actor: { role: 'system' },
      from: before.at(-1)!.to,
      to: '(terminated)',
      reason: 'opened on the wrong call',
    });
    const late = await http.post(`/cases/${caseId}/actions`, { type: 'CONFIRM_ELIGIBILITY', actor: as.di });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('finished');
    expect((await http.post('/cases', openBody(request))).status).toBe(201);
  });

  test('an engine cancellation reads as cancelled, with its audit line, and the call takes a new case', async () => {
    const { request, caseId, handle } = await openSubmitted();
    await handle.cancel();
    const view = await waitFor('the case to end', async () => {
      const v = (await http.get(`/cases/${caseId}`)).body as unknown as CaseView;
      return v.status === 'done' ? v : undefined;
    });
    expect(view).toMatchObject({ stage: 'cancelled', allowedActions: [] });
    const history = (await http.get(`/cases/${caseId}/history`)).body as unknown as AuditEntry[];
    expect(history.at(-1)).toMatchObject({
      event: 'ENGINE_CANCELLED',
      actor: { role: 'system' },
      to: 'cancelled',
      reason: expect.stringContaining('Temporal engine'),
    });
    // The run closes once its last mail (to DI, of the cancellation) is out; until then the id is taken.
    await waitFor('the run to close', async () =>
      (await handle.describe()).status.name === 'COMPLETED' ? true : undefined,
    );
    expect((await http.post('/cases', openBody(request))).status).toBe(201);
  });
});
