import { as, openRequest } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { happyPath } from '../helpers/paths';
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
  const { caseId } = await h.cases.open(openRequest('mshe'));
  for (const e of happyPath('mshe', 'state_grant').slice(0, 10)) await h.cases.act(caseId, e);
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
