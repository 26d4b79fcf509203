import { as, studentOf } from '../helpers/fixtures';
import { OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { waitFor } from '../helpers/wait';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

test('each office is mailed, once, what a case waits for it to do, with a link to the case in the console', async () => {
  const request = await h.applicant('mshe');
  const { caseId } = await h.cases.open(request);
  await drive(
    h.cases,
    caseId,
    through(happyPath('mshe', 'state_grant', studentOf(request)), 'DISBURSE_GRANT'),
  );
  await h.cases.act(caseId, { type: 'CANCEL', actor: as.di, reason: 'partner closed the programme' });

  // DI was told when the case came to wait for its eligibility decision.
  const confirm = await waitFor('the DI task to confirm eligibility', async () => {
    const mails = (await h.inbox({ to: OFFICES.di_officer, caseId })).filter((m) =>
      m.text.includes('CONFIRM_ELIGIBILITY'),
    );
    return mails.length > 0 ? mails : undefined;
  });
  expect(confirm[0]!.subject).toMatch(/^Waiting for you: .+, case of /);
  expect(confirm[0]!.text).toContain(`http://console.kbtu.test/cases/${caseId}`);

  // The grant waited for finance, and the cancelled case's funds wait for finance again: two tasks.
  const finance = await waitFor('the finance tasks', async () => {
    const mails = (await h.inbox({ to: OFFICES.finance, caseId })).filter((m) =>
      m.subject.startsWith('Waiting'),
    );
    return mails.some((m) => m.text.includes('RECONCILE_FUNDS')) ? mails : undefined;
  });
  expect(finance.some((m) => m.text.includes('DISBURSE_GRANT'))).toBe(true);

  // Nobody is told the same tasks twice in a row.
  for (const office of Object.values(OFFICES)) {
    const tasks = (await h.inbox({ to: office, caseId }))
      .filter((m) => m.subject.startsWith('Waiting for you'))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map((m) => /What you may do now: (.*)\./.exec(m.text)?.[1]);
    expect(tasks.filter((t, i) => i > 0 && t === tasks[i - 1])).toEqual([]);
  }
});
