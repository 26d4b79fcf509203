import type { CaseView } from '../../domain/case-view';
import { makeTextPdf } from '../documents/fixtures';
import type { Actor } from '../../domain/actor';
import { as, liveCall, liveRecord, studentOf } from '../helpers/fixtures';
import { refusal } from '../helpers/refusal';
import { waitFor } from '../helpers/wait';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, applicationDocuments } from '../helpers/paths';

const DAY = 24 * 60 * 60 * 1000;

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const failedRules = (v: CaseView) => v.eligibility?.rules.filter((r) => !r.passed).map((r) => r.id);
/** Each case's own student. */
const students = new Map<string, Actor>();
const me = (caseId: string) => students.get(caseId)!;
async function open(request: Awaited<ReturnType<Harness['applicant']>>): Promise<string> {
  const { caseId } = await h.cases.open(request);
  students.set(caseId, studentOf(request));
  return caseId;
}
const submit = (caseId: string) => h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: me(caseId) });
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('the application window', () => {
  test.each([
    ['not open yet', 10, 40, /open on/],
    ['closed', -40, -1, /closed on/],
  ])(
    'a call whose dates are %s refuses the submission and the case stays as it was',
    async (_, from, to, why) => {
      const now = await h.env.currentTimeMs();
      const base = liveCall('mshe', now);
      const call = {
        ...base,
        id: `mshe-window-${from}-${now}`,
        window: {
          opensAt: new Date(now + from * DAY).toISOString(),
          closesAt: new Date(now + to * DAY).toISOString(),
        },
      };
      await h.calls.open(call);
      const request = { ...(await h.applicant('mshe')), callId: call.id };
      const caseId = await open(request);
      const before = await h.cases.history(caseId);
      const err = await refusal(submit(caseId));
      expect(err.kind).toBe('conflict');
      expect(err.message).toMatch(why);
      // The window is the machine's: what it offers agrees with what it refuses.
      expect(await h.cases.refusal(caseId, { type: 'SUBMIT_APPLICATION', actor: me(caseId) })).toMatchObject({
        type: 'ApplicationWindowClosed',
      });
      expect((await h.cases.get(caseId)).allowedActions.map((a) => a.type)).not.toContain(
        'SUBMIT_APPLICATION',
      );
      expect(await h.cases.history(caseId)).toEqual(before);
      expect((await h.cases.get(caseId)).stage).toBe('application');
    },
  );
});

describe('the verdict guards the confirmation', () => {
  test('a GPA of 2.49 is explained, keeps DI from confirming, and the case ends when DI rejects', async () => {
    const caseId = await open(await h.applicant('erasmus', { record: { gpa: 2.49 } }));
    const submitted = await submit(caseId);
    const summary = 'not eligible under policy 2026-2027.900: gpa (GPA 2.49 is below the required 2.5)';
    expect(submitted.eligibility).toEqual({ eligible: false, summary });
    const view = await h.cases.get(caseId);
    expect(view.eligibility).toMatchObject({ eligible: false, policyVersion: '2026-2027.900' });
    expect(failedRules(view)).toEqual(['gpa']);
    expect(view.eligibility?.rules.find((r) => r.id === 'gpa')).toMatchObject({
      seen: 2.49,
      threshold: 2.5,
    });
    await drive(h.cases, caseId, applicationDocuments('erasmus', me(caseId)));
    const ready = await h.cases.get(caseId);
    expect(ready.checklist?.complete).toBe(true);
    expect(ready.allowedActions.map((a) => a.type)).not.toContain('CONFIRM_ELIGIBILITY');
    const err = await refusal(h.cases.act(caseId, { type: 'CONFIRM_ELIGIBILITY', actor: as.di }));
    expect(err.kind).toBe('conflict');
    const audit = await h.cases.history(caseId);
    expect(audit.filter((e) => e.event === 'ELIGIBILITY_ASSESSED').map((e) => e.reason)).toEqual([summary]);
    const mail = await waitFor("the verdict in the student's mail", async () =>
      (await h.inbox({ caseId })).find((m) => m.subject.includes('your eligibility was assessed')),
    );
    expect(mail.text).toContain(summary);
    const rejected = await h.cases.act(caseId, {
      type: 'REJECT_APPLICATION',
      actor: as.di,
      reason: 'GPA below 2.5',
    });
    expect(rejected).toMatchObject({ stage: 'rejected', status: 'done', eligibility: null });
  });

  test('a student the registrar does not know waits until DI re-reads the record after its import', async () => {
    const request = await h.applicant('self_funded');
    const caseId = await open({ ...request, student: { ...request.student, id: 'NOREC0001' } });
    const unavailable = await submit(caseId);
    expect(unavailable.states).toContain('open.eligibilityReview.eligibility.recordUnavailable');
    expect(unavailable.eligibility).toBeNull();
    const waiting = await h.cases.get(caseId);
    expect(waiting.context.recordProblem).toContain('the registrar has no record of student NOREC0001');
    expect(waiting.eligibility).toBeNull();
    const now = await h.env.currentTimeMs();
    await h.records.upsertMany([liveRecord('NOREC0001', 'paid', {}, now)]);
    const reread = await h.cases.act(caseId, { type: 'REEVALUATE_ELIGIBILITY', actor: as.di });
    expect(reread.states).toContain('open.eligibilityReview.eligibility.assessed');
    expect(reread.eligibility).toEqual({ eligible: true, summary: 'eligible under policy 2026-2027.900' });
  });
});

describe('English without B2 on the transcript', () => {
  test('self-funded: the audition is open; passing it issues the SNSS certificate and makes the student eligible', async () => {
    const caseId = await open(await h.applicant('self_funded', { record: { englishOnTranscript: 'B1' } }));
    const submitted = await submit(caseId);
    expect(submitted.eligibility).toMatchObject({ eligible: false });
    expect((await h.cases.get(caseId)).eligibility).toMatchObject({
      eligible: false,
      audition: 'may_register',
      englishEvidence: null,
    });
    expect((await h.cases.get(caseId)).checklist?.lines.map((l) => l.id)).toContain('english_evidence');
    expect(submitted.allowedActions).toContainEqual({
      type: 'REGISTER_FOR_AUDITION',
      roles: ['student', 'di_officer'],
    });
    const registered = await h.cases.act(caseId, { type: 'REGISTER_FOR_AUDITION', actor: me(caseId) });
    expect(registered.eligibility).toBeNull();
    const passed = await h.cases.act(caseId, { type: 'RECORD_AUDITION_PASSED', actor: as.snss });
    expect(passed.eligibility).toEqual({ eligible: true, summary: 'eligible under policy 2026-2027.900' });
    const view = await h.cases.get(caseId);
    expect(view.eligibility).toMatchObject({
      eligible: true,
      audition: 'passed',
      englishEvidence: 'audition',
    });
    expect(view.checklist?.lines.find((l) => l.id === 'english_evidence')).toMatchObject({
      status: 'accepted',
      reasons: ['issued by SNSS after the English audition'],
    });
    await drive(h.cases, caseId, applicationDocuments('self_funded', me(caseId)));
    const confirmed = await h.cases.act(caseId, { type: 'CONFIRM_ELIGIBILITY', actor: as.di });
    expect(confirmed.stage).toBe('competition');
  });

  test('failing the audition ends the case as ineligible for this call, with the reason', async () => {
    const caseId = await open(await h.applicant('erasmus', { record: { englishOnTranscript: null } }));
    await submit(caseId);
    await h.cases.act(caseId, { type: 'REGISTER_FOR_AUDITION', actor: as.di });
    const failed = await h.cases.act(caseId, {
      type: 'RECORD_AUDITION_FAILED',
      actor: as.snss,
      reason: 'scored B1 in the audition',
    });
    expect(failed).toMatchObject({ stage: 'rejected', status: 'done', allowedActions: [] });
    expect(failed.eligibility).toMatchObject({ eligible: false });
    expect((await h.cases.get(caseId)).eligibility).toMatchObject({ eligible: false, audition: 'failed' });
    const result = await h.env.client.workflow.getHandle(caseId).result();
    expect(result.outcome).toMatchObject({ kind: 'rejected', reason: 'scored B1 in the audition' });
  });

  test('MSHE offers no audition: registering is refused', async () => {
    const caseId = await open(await h.applicant('mshe', { record: { englishOnTranscript: 'B1' } }));
    const submitted = await submit(caseId);
    expect(submitted.eligibility).toMatchObject({ eligible: false });
    expect(submitted.allowedActions.map((a) => a.type)).not.toContain('REGISTER_FOR_AUDITION');
    expect((await h.cases.get(caseId)).eligibility).toMatchObject({
      eligible: false,
      audition: 'not_offered',
    });
    const err = await refusal(h.cases.act(caseId, { type: 'REGISTER_FOR_AUDITION', actor: me(caseId) }));
    expect(err.kind).toBe('conflict');
  });

  test('an IELTS certificate of 6.5 taken a year ago is read from the upload and makes the student eligible', async () => {
    const caseId = await open(await h.applicant('self_funded', { record: { englishOnTranscript: 'B1' } }));
    await submit(caseId);
    const testDate = isoDay((await h.env.currentTimeMs()) - 365 * DAY);
    const trf = await makeTextPdf([
      'IELTS Test Report Form',
      `Test Date ${testDate}`,
      'Overall Band Score 6.5',
    ]);
    const { verdict, result } = await h.cases.upload(
      caseId,
      { kind: 'ielts_certificate', actor: me(caseId), fileName: 'trf.pdf' },
      trf,
    );
    expect(verdict).toMatchObject({ accepted: true, ielts: { score: 6.5, testDate } });
    // The upload changed the verdict, so its result carries the new one.
    expect(result.eligibility).toEqual({ eligible: true, summary: 'eligible under policy 2026-2027.900' });
    expect((await h.cases.get(caseId)).eligibility).toMatchObject({
      eligible: true,
      englishEvidence: 'ielts',
    });
  });

  test('an IELTS result entered by DI counts only while valid: three years old is expired', async () => {
    const caseId = await open(await h.applicant('erasmus', { record: { englishOnTranscript: 'B1' } }));
    await submit(caseId);
    const now = await h.env.currentTimeMs();
    const old = await h.cases.act(caseId, {
      type: 'RECORD_IELTS',
      actor: as.di,
      score: 7,
      testDate: isoDay(now - 3 * 365 * DAY),
    });
    // The verdict changed its reason (an expired IELTS now), so the result carries it.
    expect(old.eligibility).toEqual({
      eligible: false,
      summary: expect.stringMatching(
        /^not eligible under policy 2026-2027\.900: english \(.*IELTS expired on /,
      ),
    });
    const expired = await h.cases.get(caseId);
    expect(failedRules(expired)).toEqual(['english']);
    expect(expired.eligibility?.rules.find((r) => r.id === 'english')?.message).toContain('IELTS expired');
    const recent = await h.cases.act(caseId, {
      type: 'RECORD_IELTS',
      actor: as.di,
      score: 5.5,
      testDate: isoDay(now - DAY),
    });
    expect(recent.eligibility).toEqual({ eligible: true, summary: 'eligible under policy 2026-2027.900' });
    expect((await h.cases.get(caseId)).eligibility).toMatchObject({
      eligible: true,
      englishEvidence: 'ielts',
    });
  });
});
