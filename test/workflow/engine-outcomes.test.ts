import type { WorkflowHandle } from '@temporalio/client';
import type { AuditEntry } from '../../domain/case-view';
import { EUROPE_SPENT_EXACTLY } from '../helpers/events';
import { as, studentOf } from '../helpers/fixtures';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { refusal } from '../helpers/refusal';
import { idleHistoryLength, waitFor } from '../helpers/wait';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const ENGINE_REASON =
  /^cancellation requested of the Temporal engine \(UI or CLI\), not through the mobility API$/;

/**
 * The audit trail without the times of its lines: the time-skipping server stamps a replayed workflow
 * task (a query of a closed case replays its history) differently from the live one.
 */
const untimed = (audit: AuditEntry[]) => audit.map(({ at: _at, ...line }) => line);

/**
 * Waits until the case's latest run has closed and returns its status. Never `result()` in this file: the
 * time-skipping server may move its clock years ahead while a client waits for a result, and a new
 * applicant's live call (hence its case id) follows that clock. A case is reopened with its own request.
 */
const closed = (handle: WorkflowHandle) =>
  waitFor('the case to close', async () => {
    const { status } = await handle.describe();
    return status.name === 'RUNNING' ? undefined : status.name;
  });

describe('a cancellation requested of the engine (the Temporal UI, CLI or handle.cancel())', () => {
  test('ends the case as cancelled, with an audit line naming the engine and a mail to DI; the student may apply again', async () => {
    const request = await h.applicant('self_funded');
    const { caseId } = await h.cases.open(request);
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) });
    const handle = h.env.client.workflow.getHandle(caseId);
    // Nothing in flight: an activity running when the engine cancels is cancelled with the workflow.
    await idleHistoryLength(handle);
    const before = await h.cases.history(caseId);

    await handle.cancel();
    // The case ran its own ending: the run completes with the case's outcome, not as a cancelled workflow.
    expect(await closed(handle)).toBe('COMPLETED');
    const view = await h.cases.get(caseId);
    expect(view).toMatchObject({
      status: 'done',
      stage: 'cancelled',
      states: ['cancelled'],
      allowedActions: [],
    });
    expect(view.context.outcome).toMatchObject({
      kind: 'cancelled',
      reason: expect.stringMatching(ENGINE_REASON),
      by: { id: 'mobility-system', role: 'system' },
    });
    const audit = await h.cases.history(caseId);
    expect(untimed(audit.slice(0, before.length))).toEqual(untimed(before));
    expect(audit.slice(before.length)).toMatchObject([
      {
        event: 'ENGINE_CANCELLED',
        actor: { id: 'mobility-system', role: 'system' },
        from: 'open.eligibilityReview.eligibility.assessed,open.eligibilityReview.documents.incomplete',
        to: 'cancelled',
        reason: expect.stringMatching(ENGINE_REASON),
      },
    ]);
    const mail = await h.waitForMail(OFFICES.di_officer, 'Case cancelled outside the mobility system');
    expect(mail.text).toContain(caseId);
    expect(mail.text).toContain('cancellation requested of the Temporal engine');

    // A terminal outcome frees the call: a new case for the same call and student opens.
    const again = await h.cases.open(request);
    expect(again).toMatchObject({ caseId, status: 'active', stage: 'application', auditLength: 1 });
  });

  test('after the grant was disbursed, passes funds reconciliation by finance before it ends as cancelled', async () => {
    const request = await h.applicant('mshe');
    const { caseId } = await h.cases.open(request);
    await drive(
      h.cases,
      caseId,
      through(happyPath('mshe', 'state_grant', studentOf(request)), 'DISBURSE_GRANT'),
    );
    const handle = h.env.client.workflow.getHandle(caseId);
    // Nothing in flight: a mail still being sent when the engine cancels is cancelled with the workflow
    // and recorded as a failed notification ; this test is about what the case does.
    await h.waitForMail(request.student.email, 'you are placed');
    await idleHistoryLength(handle);

    await handle.cancel();
    const reconciling = await waitFor('the case in funds reconciliation', async () => {
      const v = await h.cases.get(caseId);
      return v.stage === 'fundsReconciliation' ? v : undefined;
    });
    expect(reconciling).toMatchObject({
      status: 'active',
      allowedActions: [{ type: 'RECONCILE_FUNDS', roles: ['finance'] }],
    });
    expect((await h.cases.history(caseId)).at(-1)).toMatchObject({
      event: 'ENGINE_CANCELLED',
      actor: { role: 'system' },
      to: 'fundsReconciliation',
      reason: expect.stringMatching(ENGINE_REASON),
    });
    await h.waitForMail(OFFICES.finance, 'reconcile disbursed funds');
    await h.waitForMail(OFFICES.di_officer, 'Case cancelled outside the mobility system');
    // The case waits for finance although the engine asked it to stop; a second request changes nothing.
    await handle.cancel();
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const reconciled = await h.cases.act(caseId, {
      type: 'RECONCILE_FUNDS',
      actor: as.finance,
      spend: EUROPE_SPENT_EXACTLY,
    });
    expect(reconciled).toMatchObject({ status: 'done', stage: 'cancelled', allowedActions: [] });
    expect(await closed(handle)).toBe('COMPLETED');
    const audit = await h.cases.history(caseId);
    expect(audit.filter((e) => e.event === 'ENGINE_CANCELLED')).toHaveLength(1);
    expect(audit.filter((e) => e.event === 'NOTIFICATION_FAILED')).toEqual([]);
    expect(audit.at(-1)).toMatchObject({
      event: 'RECONCILE_FUNDS',
      from: 'fundsReconciliation',
      to: 'cancelled',
    });

    const again = await h.cases.open(request);
    expect(again).toMatchObject({ caseId, status: 'active', stage: 'application' });
  });
});

describe('a termination through the engine', () => {
  test('reads as terminated, with an ENGINE_TERMINATED line naming the reason; the student may apply again', async () => {
    const request = await h.applicant('erasmus');
    const { caseId } = await h.cases.open(request);
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: studentOf(request) });
    const handle = h.env.client.workflow.getHandle(caseId);
    await idleHistoryLength(handle);
    const before = await h.cases.history(caseId);

    await handle.terminate('duplicate started by mistake');
    expect(await closed(handle)).toBe('TERMINATED');
    const view = await h.cases.get(caseId);
    expect(view).toMatchObject({ status: 'terminated', stage: 'eligibilityReview', allowedActions: [] });
    const audit = await h.cases.history(caseId);
    expect(untimed(audit.slice(0, -1))).toEqual(untimed(before));
    expect(audit.at(-1)).toMatchObject({
      seq: before.length + 1,
      event: 'ENGINE_TERMINATED',
      actor: { role: 'system' },
      from: before.at(-1)!.to,
      to: '(terminated)',
      reason: 'duplicate started by mistake',
    });
    const refused = await refusal(
      h.cases.act(caseId, { type: 'WITHDRAW', actor: studentOf(request), reason: 'too late now' }),
    );
    expect(refused).toMatchObject({ kind: 'conflict', message: expect.stringContaining('finished') });

    const again = await h.cases.open(request);
    expect(again).toMatchObject({ caseId, status: 'active', stage: 'application', auditLength: 1 });
  });
});
