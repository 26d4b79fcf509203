import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { actUpdate } from '../../workflows/outgoing-case/messages';
import type { FundingTrack } from '../../domain/case';
import { EUROPE_SPENT_EXACTLY } from '../helpers/events';
import { as, studentOf } from '../helpers/fixtures';
import { refusal } from '../helpers/refusal';
import { idleHistoryLength, waitFor } from '../helpers/wait';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import type { Actor } from '../../domain/actor';
import { SEED_GRADES } from '../helpers/curricula';
import { pdfLines } from '../helpers/pdf';
import {
  auditedTypeOf,
  documentBytes,
  drive,
  happyPath,
  isUpload,
  learningAgreementChange,
  through,
  type Step,
} from '../helpers/paths';

const { EventType } = temporal.api.enums.v1;
const WORKFLOW_TASK_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

/** What this test reads of a closed case's context (machine version 6). */
interface CaseContext {
  credits: { creditsTransferred: number; retakeCourses: string[] };
  learningAgreements: {
    version: number;
    change: { added: string[] } | null;
    signatures: { party: string }[];
  }[];
  creditStatement: { sha256: string };
}

/** The path with the learning agreement changed during mobility, and the new course graded too. */
function withChangeDuringMobility(steps: Step[], student: Actor): Step[] {
  const end = steps.findIndex((s) => !isUpload(s) && s.type === 'END_MOBILITY');
  const change = learningAgreementChange(student);
  return [...steps.slice(0, end), ...change, ...steps.slice(end)].map((s) =>
    !isUpload(s) && s.type === 'RECORD_PARTNER_TRANSCRIPT'
      ? { ...s, grades: [...SEED_GRADES, { partnerCode: 'IN2013', grade: '1.7' }] }
      : s,
  );
}

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

describe.each<[FundingTrack, 'state_grant' | 'paid']>([
  ['self_funded', 'paid'],
  ['mshe', 'state_grant'],
  ['erasmus', 'state_grant'],
])('a %s case (%s) from application to closed', (track, studyBasis) => {
  test('every action is applied, audited and the workflow completes', async () => {
    const request = await h.applicant(track, { studyBasis });
    const opened = await h.cases.open(request);
    expect(opened.stage).toBe('application');
    const steps = withChangeDuringMobility(
      happyPath(track, studyBasis, studentOf(request)),
      studentOf(request),
    );
    await drive(h.cases, opened.caseId, steps);
    const handle = h.env.client.workflow.getHandle(opened.caseId);
    // The result follows the case across its continue-as-new at departure to the run that closed it.
    const result = await handle.result();
    expect(result).toEqual({ caseId: opened.caseId, state: 'closed', outcome: null });

    const audit = await h.cases.history(opened.caseId);
    const byStaff = audit.filter((e) => e.actor.role !== 'system').map((e) => e.event);
    expect(byStaff).toEqual(['OPEN_CASE', ...steps.map(auditedTypeOf)]);
    const bySystem = audit.filter((e) => e.actor.role === 'system');
    const uploads = steps.filter(isUpload);
    expect(bySystem.map((e) => e.event)).toEqual([
      'STUDENT_RECORD_READ',
      'ELIGIBILITY_ASSESSED',
      ...uploads.map(() => 'DOCUMENT_CHECKED'),
      'CREDIT_STATEMENT_ISSUED',
    ]);
    expect(bySystem[1]?.reason).toMatch(/^eligible under policy 2026-2027\.900$/);
    // Every upload is its attachment, then the check's verdict on the very next line.
    const attached = audit.flatMap((e, i) => (e.event === 'ATTACH_DOCUMENT' ? [[e, audit[i + 1]]] : []));
    expect(attached.map(([, checked]) => [checked?.event, checked?.reason])).toEqual(
      uploads.map((u) => ['DOCUMENT_CHECKED', `${u.upload} accepted`]),
    );
    expect(audit.slice(-2)).toMatchObject([
      { event: 'RECALCULATE_CREDITS', from: 'creditRecalculation', to: 'issuingStatement', actor: as.dean },
      { event: 'CREDIT_STATEMENT_ISSUED', from: 'issuingStatement', to: 'closed' },
    ]);
    expect(audit.every((e, i) => e.seq === i + 1)).toBe(true);
    const closed = await h.cases.get(opened.caseId);
    expect(closed).toMatchObject({ status: 'done', stage: 'closed', states: ['closed'], allowedActions: [] });
    expect(closed.auditLength).toBe(audit.length);
    // The change added IN2013 for web development; IN0009 failed at TUM; philosophy stays a credit short.
    const context = closed.context as unknown as CaseContext;
    expect(context.credits).toEqual({ creditsTransferred: 21, retakeCourses: ['HUM2010', 'CSE2250'] });
    expect(context.learningAgreements.map((la) => [la.version, la.change?.added ?? []])).toEqual([
      [1, []],
      [2, ['IN2013']],
    ]);
    expect(context.learningAgreements[1]!.signatures.map((s) => s.party)).toEqual(['sending', 'receiving']);
    // The changed plan, signed by both institutions, is in the register as the dean's office approved it.
    const registered = (await h.curricula.equivalences('tum')).filter((e) => e.caseId === opened.caseId);
    expect(registered.find((e) => e.kbtuCode === 'CSE2990')).toMatchObject({
      partnerCodes: ['IN2013'],
      approvedBy: as.dean.id,
    });
    expect(registered.map((e) => e.kbtuCode).sort()).toEqual(
      ['CSE2210', 'CSE2230', 'CSE2250', 'CSE2990', 'HUM2010', 'MATH2040'].sort(),
    );
    // The statement the case issued, read back from the document store.
    const pdf = await h.documentStore.get(context.creditStatement.sha256);
    const text = (await pdfLines(pdf!)).join(' ');
    for (const code of ['CSE2210', 'IN0007', 'CSE2990', 'IN2013', 'HUM2010', 'CSE2250', opened.caseId])
      expect(text).toContain(code);
    await h.waitForMail(request.student.email, 'your credits were recalculated');
    await h.waitForMail(request.student.email, 'you are placed');
  });
});

describe('refused actions leave no trace', () => {
  test('400, 403 and 409 change neither the audit trail nor the workflow history', async () => {
    const request = await h.applicant('self_funded');
    const { caseId } = await h.cases.open(request);
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) });
    const handle = h.env.client.workflow.getHandle(caseId);
    const before = await idleHistoryLength(handle);
    const auditBefore = await h.cases.history(caseId);

    const conflict = await refusal(h.cases.act(caseId, { type: 'DEPART', actor: as.di }));
    expect(conflict.kind).toBe('conflict');
    expect(conflict.message).toContain(
      'not allowed in state open.eligibilityReview.eligibility.assessed, open.eligibilityReview.documents.incomplete',
    );
    expect(conflict.details.state).toEqual([
      'open.eligibilityReview.eligibility.assessed',
      'open.eligibilityReview.documents.incomplete',
    ]);
    expect(conflict.details.allowed?.map((a) => a.type)).toContain('ATTACH_DOCUMENT');

    const forbidden = await refusal(
      h.cases.act(caseId, { type: 'REJECT_APPLICATION', actor: as.finance, reason: 'not mine' }),
    );
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.message).toContain('role finance');

    const auditor = await refusal(h.cases.act(caseId, { type: 'REEVALUATE_ELIGIBILITY', actor: as.auditor }));
    expect(auditor.kind).toBe('forbidden');

    const invalid = await refusal(
      h.cases.act(caseId, { type: 'REJECT_APPLICATION', actor: as.di, reason: '' }),
    );
    expect(invalid.kind).toBe('invalid');
    expect(invalid.message).toContain('reason');

    // The workflow validator itself refuses a bad payload that bypasses the client's check.
    const raw = await handle
      .executeUpdate(actUpdate, { args: [{ type: 'REJECT_APPLICATION', actor: as.di, reason: '' }] })
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((raw as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidPayload' });

    // The time-skipping server records the workflow tasks that ran the validators (the dev server does
    // not: see the end-to-end test); nothing else may be added.
    const after = (await handle.fetchHistory()).events ?? [];
    const added = after.slice(before).filter((e) => !WORKFLOW_TASK_EVENTS.has(e.eventType ?? 0));
    expect(added).toEqual([]);
    expect(await h.cases.history(caseId)).toEqual(auditBefore);
  });

  test("a student acting on another student's case is refused 403 and the case is unchanged", async () => {
    const request = await h.applicant('self_funded');
    const { caseId } = await h.cases.open(request);
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) });
    const handle = h.env.client.workflow.getHandle(caseId);
    const before = await idleHistoryLength(handle);
    const viewBefore = await h.cases.get(caseId);
    const auditBefore = await h.cases.history(caseId);

    const other = { id: '99B999999', role: 'student' } as const;
    const err = await refusal(
      h.cases.act(caseId, { type: 'WITHDRAW', actor: other, reason: 'not my case to withdraw' }),
    );
    expect(err.kind).toBe('forbidden');
    expect(err.message).toBe(
      `student 99B999999 may act only on their own case; this is the case of ${request.student.id}`,
    );
    // Nor may they upload into it: the dry run refuses before anything is stored.
    const upload = await refusal(
      h.cases.upload(
        caseId,
        { kind: 'transcript', actor: other, fileName: 'transcript.pdf' },
        await documentBytes('transcript'),
      ),
    );
    expect(upload.kind).toBe('forbidden');
    expect(
      await h.cases.refusal(caseId, { type: 'WITHDRAW', actor: other, reason: 'not my case to withdraw' }),
    ).toMatchObject({ type: 'NotInScope' });

    const after = (await handle.fetchHistory()).events ?? [];
    expect(after.slice(before).filter((e) => !WORKFLOW_TASK_EVENTS.has(e.eventType ?? 0))).toEqual([]);
    expect(await h.cases.history(caseId)).toEqual(auditBefore);
    expect(await h.cases.get(caseId)).toEqual(viewBefore);
    // The case's own student may.
    const withdrawn = await h.cases.act(caseId, {
      type: 'WITHDRAW',
      actor: studentOf(request),
      reason: 'found an internship',
    });
    expect(withdrawn).toMatchObject({ status: 'done', stage: 'withdrawn', states: ['withdrawn'] });
  });

  test('a student may open a case only for themself', async () => {
    const request = await h.applicant('self_funded');
    const err = await refusal(h.cases.open({ ...request, actor: as.student }));
    expect(err.kind).toBe('forbidden');
    expect(err.message).toBe(
      `student 99B999999 may open a case only for themself, not for ${request.student.id}`,
    );
    const own = await h.cases.open({ ...request, actor: studentOf(request) });
    expect(own).toMatchObject({ stage: 'application', status: 'active' });
    expect((await h.cases.history(own.caseId))[0]).toMatchObject({
      event: 'OPEN_CASE',
      actor: studentOf(request),
    });
  });

  test('a second case for the same student and call is refused as a duplicate', async () => {
    const request = await h.applicant('erasmus');
    await h.cases.open(request);
    const dup = await refusal(h.cases.open(request));
    expect(dup.kind).toBe('conflict');
    expect(dup.message).toContain('already has a case');
  });

  test('an unknown case is not found', async () => {
    const err = await refusal(h.cases.get('outgoing-nothing-here-x0000'));
    expect(err.kind).toBe('notFound');
  });

  test('a finished case accepts no more actions; the student may apply to the call again', async () => {
    const request = await h.applicant('self_funded');
    const { caseId } = await h.cases.open(request);
    const me = studentOf(request);
    await h.cases.act(caseId, { type: 'WITHDRAW', actor: me, reason: 'found an internship' });
    const first = h.env.client.workflow.getHandle(caseId);
    // Not `result()`: the time-skipping server may jump its clock while a client waits for a result,
    // past the window of the call this request was made for.
    const firstRun = await waitFor('the withdrawn case to complete', async () => {
      const d = await first.describe();
      return d.status.name === 'COMPLETED' ? d.runId : undefined;
    });
    const err = await refusal(h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: me }));
    expect(err.message).toContain('finished');
    expect(err.kind).toBe('conflict');

    const again = await h.cases.open(request);
    expect(again).toMatchObject({ caseId, status: 'active', stage: 'application', auditLength: 1 });
    expect((await h.env.client.workflow.getHandle(caseId).describe()).runId).not.toBe(firstRun);
    const submitted = await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: me });
    expect(submitted.stage).toBe('eligibilityReview');
  });
});

describe('withdrawal after the grant was disbursed', () => {
  test('goes through funds reconciliation by finance before the case ends as withdrawn', async () => {
    const request = await h.applicant('mshe');
    const { caseId } = await h.cases.open(request);
    const me = studentOf(request);
    await drive(h.cases, caseId, through(happyPath('mshe', 'state_grant', me), 'DISBURSE_GRANT'));
    const result = await h.cases.act(caseId, { type: 'WITHDRAW', actor: me, reason: 'family reasons' });
    expect(result).toMatchObject({
      status: 'active',
      stage: 'fundsReconciliation',
      states: ['fundsReconciliation'],
      allowedActions: [{ type: 'RECONCILE_FUNDS', roles: ['finance'] }],
    });
    await h.waitForMail(OFFICES.finance, 'reconcile disbursed funds');
    const reconciled = await h.cases.act(caseId, {
      type: 'RECONCILE_FUNDS',
      actor: as.finance,
      spend: EUROPE_SPENT_EXACTLY,
    });
    expect(reconciled).toMatchObject({ status: 'done', stage: 'withdrawn', allowedActions: [] });
    const outcome = await h.env.client.workflow.getHandle(caseId).result();
    expect(outcome).toMatchObject({
      state: 'withdrawn',
      outcome: { kind: 'withdrawn', reason: 'family reasons' },
    });
  });
});
