import { Config } from '../../app/config';
import { as, chainedPolicy, studentOf } from '../helpers/fixtures';
import { HEADS, OFFICES, startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { waitFor } from '../helpers/wait';

/**
 * The demonstration clock (DEMO_DAY_SECONDS): a case's days last seconds, so `npm start` shows a
 * deadline's task, reminder and escalation mails in the local inbox within minutes. Here a day lasts
 * 10 s, as the README's tour runs it, on the time-skipping server and the real SMTP sink.
 */

const DAY_MS = 10_000;

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness({ policy: chainedPolicy, dayMs: DAY_MS });
});
afterAll(async () => {
  await h?.teardown();
});

test('a nominated case is reminded and escalated at the chain offsets, in days of 10 seconds', async () => {
  const request = await h.applicant('erasmus');
  const { caseId } = await h.cases.open(request);
  const steps = through(happyPath('erasmus', 'paid', studentOf(request)), 'NOMINATE_TO_PARTNER');
  await drive(h.cases, caseId, steps);
  const nominated = Date.parse((await h.cases.history(caseId)).at(-1)!.at);
  const [deadline] = (await h.cases.get(caseId)).deadlines;
  const due = Date.parse(deadline!.dueAt);
  expect(due - nominated).toBe(chainedPolicy.timings.invitationLetterDays * DAY_MS);

  await h.env.sleep(due - nominated + 5 * DAY_MS);
  const timers = await waitFor('the reminders and both levels', async () => {
    const lines = (await h.cases.history(caseId)).filter((e) => e.event.startsWith('DEADLINE_'));
    return lines.length === 5 ? lines : undefined;
  });
  // Five, three and one day before; two and four days after: working days count as days on this clock.
  expect(timers.map((l) => (Date.parse(l.at) - due) / DAY_MS).map(Math.round)).toEqual([-5, -3, -1, 2, 4]);
  for (const subject of [
    'Waiting for you: Placement',
    "Reminder: the partner's invitation letter due in 5 day(s)",
    "Reminder: the partner's invitation letter due in 1 day(s)",
    'Overdue: invitation letter',
  ])
    await h.waitForMail(OFFICES.di_officer, subject);
  await h.waitForMail(HEADS.di_officer, 'Overdue: invitation letter');

  // Done in time for nothing more: the letter stops the deadline's mail on this clock as on any other.
  await h.cases.act(caseId, { type: 'RECORD_INVITATION_LETTER', actor: as.partner });
  expect((await h.cases.get(caseId)).deadlines).toEqual([]);
});

test('DEMO_DAY_SECONDS is unset by default, and a value that is not whole seconds is refused by name', () => {
  expect(Config.parse({}).DEMO_DAY_SECONDS).toBeUndefined();
  expect(Config.parse({ DEMO_DAY_SECONDS: '10' }).DEMO_DAY_SECONDS).toBe(10);
  for (const bad of ['0', '2.5', 'soon', '86401']) {
    const issues = Config.safeParse({ DEMO_DAY_SECONDS: bad }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(['DEMO_DAY_SECONDS']);
  }
});
