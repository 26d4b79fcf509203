import { EUROPE_SPENT_EXACTLY } from '../helpers/events';
import { as, studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { waitFor } from '../helpers/wait';

let h: Harness;
beforeAll(async () => {
  // Finance has no mailbox: its notifications fail for good (a non-retryable InvalidRecipient).
  h = await startTimeSkippingHarness({ officeMailboxes: { finance: '' } });
});
afterAll(async () => {
  await h?.teardown();
});

test('an email that cannot be sent is recorded in the case history and does not stop the case', async () => {
  const request = await h.applicant('mshe');
  const { caseId } = await h.cases.open(request);
  await drive(
    h.cases,
    caseId,
    through(happyPath('mshe', 'state_grant', studentOf(request)), 'DISBURSE_GRANT'),
  );
  await h.cases.act(caseId, { type: 'CANCEL', actor: as.di, reason: 'partner closed the programme' });

  const failed = await waitFor('the failed notification in the history', async () =>
    (await h.cases.history(caseId)).find(
      (e) => e.event === 'NOTIFICATION_FAILED' && e.reason?.startsWith('fundsToReconcile'),
    ),
  );
  expect(failed).toMatchObject({
    actor: { role: 'system' },
    from: 'fundsReconciliation',
    to: 'fundsReconciliation',
    reason: expect.stringMatching(/^fundsToReconcile to finance: /),
  });
  expect(failed.reason).toContain('no mailbox configured for finance');
  // Only the mails that could not go are recorded as failed: those to finance (its tasks, since version 3).
  const failures = (await h.cases.history(caseId)).filter((e) => e.event === 'NOTIFICATION_FAILED');
  expect(failures.map((e) => e.reason?.split(':')[0])).toEqual(
    expect.arrayContaining(['fundsToReconcile to finance', 'taskAssigned to finance']),
  );
  expect(failures.every((e) => e.reason?.includes('to finance: no mailbox configured for finance'))).toBe(
    true,
  );

  const result = await h.cases.act(caseId, {
    type: 'RECONCILE_FUNDS',
    actor: as.finance,
    spend: EUROPE_SPENT_EXACTLY,
  });
  expect(result).toMatchObject({ stage: 'cancelled', status: 'done' });
  const outcome = await h.env.client.workflow.getHandle(caseId).result();
  expect(outcome).toMatchObject({
    state: 'cancelled',
    outcome: { kind: 'cancelled', reason: 'partner closed the programme' },
  });
});
