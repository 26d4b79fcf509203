import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { actUpdate } from '../../workflows/outgoing-case/messages';
import type { FundingTrack } from '../../domain/case';
import { as } from '../helpers/fixtures';
import { refusal } from '../helpers/refusal';
import { idleHistoryLength } from '../helpers/wait';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { auditedTypeOf, drive, happyPath, through } from '../helpers/paths';

const { EventType } = temporal.api.enums.v1;
const WORKFLOW_TASK_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

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
    const steps = happyPath(track, studyBasis);
    await drive(h.cases, opened.caseId, steps);
    const handle = h.env.client.workflow.getHandle(opened.caseId);
    const result = await handle.result();
    expect(result).toEqual({ caseId: opened.caseId, state: 'closed', outcome: null });

    const audit = await h.cases.history(opened.caseId);
    const byStaff = audit.filter((e) => e.actor.role !== 'system').map((e) => e.event);
    expect(byStaff).toEqual(['OPEN_CASE', ...steps.map(auditedTypeOf)]);
    const bySystem = audit.filter((e) => e.actor.role === 'system');
    expect(bySystem.map((e) => e.event)).toEqual(['STUDENT_RECORD_READ', 'ELIGIBILITY_ASSESSED']);
    expect(bySystem[1]?.reason).toMatch(/^eligible under policy 2022-2023\.900$/);
    expect(audit.at(-1)).toMatchObject({ to: 'closed', actor: as.dean });
    expect(audit.every((e, i) => e.seq === i + 1)).toBe(true);

    const closed = await h.cases.get(opened.caseId);
    expect(closed).toMatchObject({ status: 'done', stage: 'closed', allowedActions: [] });
    expect(closed.context.credits).toEqual({ creditsTransferred: 27, retakeCourses: ['CSE301'] });
    await h.waitForMail(request.student.email, 'your credits were recalculated');
    await h.waitForMail(request.student.email, 'you are placed');
  });
});

describe('refused actions leave no trace', () => {
  test('400, 403 and 409 change neither the audit trail nor the workflow history', async () => {
    const { caseId } = await h.cases.open(await h.applicant('self_funded'));
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: as.student });
    const handle = h.env.client.workflow.getHandle(caseId);
    const before = await idleHistoryLength(handle);
    const auditBefore = await h.cases.history(caseId);

    const conflict = await refusal(h.cases.act(caseId, { type: 'DEPART', actor: as.di }));
    expect(conflict.kind).toBe('conflict');
    expect(conflict.message).toContain('eligibilityReview.documents.incomplete');
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

  test('a finished case accepts no more actions', async () => {
    const { caseId } = await h.cases.open(await h.applicant('self_funded'));
    await h.cases.act(caseId, { type: 'WITHDRAW', actor: as.student, reason: 'found an internship' });
    await h.env.client.workflow.getHandle(caseId).result();
    const err = await refusal(h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: as.student }));
    expect(err.message).toContain('finished');
    expect(err.kind).toBe('conflict');
  });
});

describe('withdrawal after the grant was disbursed', () => {
  test('goes through funds reconciliation by finance before the case ends as withdrawn', async () => {
    const { caseId } = await h.cases.open(await h.applicant('mshe'));
    await drive(h.cases, caseId, through(happyPath('mshe', 'state_grant'), 'DISBURSE_GRANT'));
    const view = await h.cases.act(caseId, { type: 'WITHDRAW', actor: as.student, reason: 'family reasons' });
    expect(view.stage).toBe('fundsReconciliation');
    expect(view.allowedActions).toEqual([{ type: 'RECONCILE_FUNDS', roles: ['finance'] }]);
    await h.waitForMail(OFFICES.finance, 'reconcile disbursed funds');
    await h.cases.act(caseId, { type: 'RECONCILE_FUNDS', actor: as.finance });
    const result = await h.env.client.workflow.getHandle(caseId).result();
    expect(result).toMatchObject({
      state: 'withdrawn',
      outcome: { kind: 'withdrawn', reason: 'family reasons' },
    });
  });
});
