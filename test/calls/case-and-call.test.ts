import type { CaseView } from '../../domain/case-view';
import { as, liveCall, studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { waitFor } from '../helpers/wait';

/**
 * The real case workflows and the real call workflow together (time-skipping server, SMTP sink): cases
 * join on DI's confirmation, the call publishes, every case moves on by itself and its student is
 * mailed; a withdrawal frees a place that the waitlisted student is offered and accepts.
 */
let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

/** Waits for a mail of the case's whose text contains `text`. */
const mailed = (caseId: string, text: string) =>
  waitFor(`mail of ${caseId}: ${text}`, async () =>
    (await h.inbox({ caseId })).find((m) => m.text.includes(text)),
  );
const decisionOf = (v: CaseView) =>
  (v.context as { callDecision?: { outcome: string; offer: unknown } | null }).callDecision ?? null;

test('3 MSHE applicants for 2 places: published results move each case; a withdrawal refills from the waitlist', async () => {
  const now = await h.env.currentTimeMs();
  const call = { ...liveCall('mshe', now), id: `mshe-sea-${now.toString(36)}`, region: 'south-east-asia' };
  await h.calls.open(call);
  const enter = async (gpa: number) => {
    const request = { ...(await h.applicant('mshe', { record: { gpa } })), callId: call.id };
    const { caseId } = await h.cases.open(request);
    const student = studentOf(request);
    await drive(h.cases, caseId, through(happyPath('mshe', 'state_grant', student), 'CONFIRM_ELIGIBILITY'));
    return { caseId, student };
  };
  const best = await enter(3.9);
  const second = await enter(3.5);
  const third = await enter(3.2);
  await waitFor('three applicants joined', async () =>
    (await h.calls.view(call.id)).applicants === 3 ? true : undefined,
  );

  await h.calls.act(call.id, { type: 'CLOSE', actor: as.di });
  await h.calls.act(call.id, { type: 'PUBLISH', actor: as.di });
  const stageOf = async (caseId: string) => (await h.cases.get(caseId)).stage;
  await waitFor('both selected cases in placement', async () =>
    (await stageOf(best.caseId)) === 'placement' && (await stageOf(second.caseId)) === 'placement'
      ? true
      : undefined,
  );
  const waiting = await h.cases.get(third.caseId);
  expect(waiting.stage).toBe('competition');
  expect(decisionOf(waiting)).toMatchObject({ outcome: 'waitlisted', offer: null });
  // DI follows the call: a waitlisted student cannot be selected by hand.
  await expect(h.cases.act(third.caseId, { type: 'SELECT_FOR_PLACEMENT', actor: as.di })).rejects.toThrow(
    /allocates its places and did not select this student/,
  );
  await mailed(best.caseId, 'The call you applied to has decided: selected for South-East Asia at rank 1');
  await mailed(third.caseId, 'has decided: waitlisted at rank 3');

  // The best-ranked student withdraws: the freed place is offered to the waitlisted one, who accepts.
  await h.cases.act(best.caseId, { type: 'WITHDRAW', actor: best.student, reason: 'a job offer' });
  const offered = await waitFor('the offer reached the waitlisted case', async () => {
    const v = await h.cases.get(third.caseId);
    return decisionOf(v)?.offer ? v : undefined;
  });
  expect(offered.stage).toBe('competition');
  await mailed(third.caseId, 'offered South-East Asia from the waitlist (position 1); answer by');
  await h.calls.act(call.id, { type: 'ACCEPT_OFFER', actor: third.student, caseId: third.caseId });
  await waitFor('the accepting case in placement', async () =>
    (await stageOf(third.caseId)) === 'placement' ? true : undefined,
  );
  const results = (await h.calls.ranking(call.id)).results;
  expect(results.map((r) => [r.caseId, r.outcome])).toEqual([
    [best.caseId, 'not_selected'],
    [second.caseId, 'selected'],
    [third.caseId, 'selected'],
  ]);
  expect((await h.calls.view(call.id)).places).toMatchObject([
    { id: 'south-east-asia', places: 2, taken: 2 },
  ]);
});
