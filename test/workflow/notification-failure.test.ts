import { as } from '../helpers/fixtures';
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
  const { caseId } = await h.cases.open(await h.applicant('mshe'));
  await drive(h.cases, caseId, through(happyPath('mshe', 'state_grant'), 'DISBURSE_GRANT'));
  await h.cases.act(caseId, { type: 'CANCEL', actor: as.di, reason: 'partner closed the programme' });

  const failed = await waitFor('the failed notification in the history', async () =>
    (await h.cases.history(caseId)).find((e) => e.event === 'NOTIFICATION_FAILED:fundsToReconcile'),
  );
  expect(failed).toMatchObject({
    actor: { role: 'system' },
    from: 'fundsReconciliation',
    to: 'fundsReconciliation',
  });
  expect(failed.reason).toContain('no mailbox configured for finance');

  const view = await h.cases.act(caseId, { type: 'RECONCILE_FUNDS', actor: as.finance });
  expect(view.stage).toBe('cancelled');
});
