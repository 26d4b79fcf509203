import { SYSTEM_ACTOR } from '../../domain/actor';
import { callWorkflowId } from '../../domain/call';
import type { CallApplicant } from '../../domain/call-applicant';
import { CallClient } from '../../client/calls';
import { callJoinSignal, callLeaveSignal } from '../../workflows/call/messages';
import type { CallRun } from '../../workflows/call/workflow';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { waitFor } from '../helpers/wait';
import { applicant, callInput } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const di = { id: 'aliya.di', role: 'di_officer' as const };
const DAY = 24 * 60 * 60 * 1000;
let n = 0;

/** A call on the server's clock closing in `days`, with 8 Europe places and 2 South-East Asia ones. */
async function openCall(extra: Partial<CallRun> = {}, applicants = 0) {
  n += 1;
  const now = await h.env.currentTimeMs();
  const input = callInput({
    id: `wf-call-${Date.now().toString(36)}-${n}`,
    closesAt: new Date(now + 2 * DAY).toISOString(),
    places: [
      { id: 'europe', kind: 'region', name: 'Europe', places: 8 },
      { id: 'south-east-asia', kind: 'region', name: 'South-East Asia', places: 2 },
    ],
  });
  const client = new CallClient(h.env.client, { taskQueue: h.taskQueue });
  await client.start({ ...input, ...extra });
  const handle = h.env.client.workflow.getHandle(callWorkflowId(input.call.id));
  const xs: CallApplicant[] = [];
  for (let i = 0; i < applicants; i++) {
    const a = {
      ...applicant({ gpa: 4 - i * 0.01, preferences: i % 2 ? ['south-east-asia', 'europe'] : ['europe'] }),
    };
    xs.push(a);
    await handle.signal(callJoinSignal, a);
  }
  return { id: input.call.id, client, handle, xs };
}

test('50 applicants for 8 + 2 places: the call closes by its own timer, binding; withdrawals refill; an offer lapses', async () => {
  const { id, client, handle, xs } = await openCall({}, 50);
  await waitFor('every join counted', async () =>
    (await client.view(id)).applicants === 50 ? true : undefined,
  );
  await h.env.sleep(2 * DAY + 60_000);
  const ranked = await waitFor('ranked by the deadline', async () => {
    const v = await client.view(id);
    return v.state === 'ranked' ? v : undefined;
  });
  expect(ranked.closed?.by).toEqual(SYSTEM_ACTOR);
  expect(ranked.places.map((p) => [p.id, p.taken])).toEqual([
    ['europe', 8],
    ['south-east-asia', 2],
  ]);
  expect(ranked.counts).toMatchObject({ selected: 10, waitlisted: 40 });
  await client.act(id, { type: 'PUBLISH', actor: di });
  const results = (await client.ranking(id)).results;
  const selected = results.filter((r) => r.outcome === 'selected');
  // Two withdrawals after publication: each freed place is offered to the best waitlisted applicant who fits.
  for (const r of selected.slice(0, 2))
    await handle.signal(callLeaveSignal, { caseId: r.caseId, reason: 'the student withdrew' });
  const offered = await waitFor('two offers', async () => {
    const rs = (await client.ranking(id)).results.filter((r) => r.offer);
    return rs.length === 2 ? rs : undefined;
  });
  const accepting = offered[0]!;
  const student = xs.find((a) => a.caseId === accepting.caseId)!;
  await client.act(id, {
    type: 'ACCEPT_OFFER',
    actor: { id: student.studentId, role: 'student' },
    caseId: accepting.caseId,
  });
  await h.env.sleep(8 * DAY);
  const after = await waitFor('the other offer lapsed and moved on', async () => {
    const rs = (await client.ranking(id)).results;
    const lapsed = rs.find((r) => r.caseId === offered[1]!.caseId)!;
    return lapsed.outcome === 'not_selected' ? rs : undefined;
  });
  expect(after.find((r) => r.caseId === accepting.caseId)?.outcome).toBe('selected');
  const europe = after.filter((r) => r.outcome === 'selected' && r.placeId === 'europe').length;
  const taken = after.filter((r) => (r.outcome === 'selected' || r.offer) && r.placeId === 'europe').length;
  expect(europe).toBeLessThanOrEqual(8);
  expect(taken + after.filter((r) => r.offer?.placeId === 'europe').length).toBeLessThanOrEqual(9);
  expect(after.some((r) => r.offer)).toBe(true);
  expect((await client.history(id)).map((e) => e.event)).toEqual(
    expect.arrayContaining(['OPEN_CALL', 'DEADLINE', 'PUBLISH', 'LEAVE', 'ACCEPT_OFFER', 'OFFER_EXPIRED']),
  );
});

test('a call continues as new with its applicant table: 300 joins in runs of 150 events', async () => {
  const { id, client, handle } = await openCall({ eventsPerRun: 150 }, 300);
  const view = await waitFor('every join counted', async () => {
    const v = await client.view(id);
    return v.applicants === 300 ? v : undefined;
  });
  expect(view.state).toBe('open');
  const described = await handle.describe();
  const firstRunId = described.raw.workflowExecutionInfo?.firstRunId;
  expect(firstRunId).toMatch(/\S/);
  expect(described.runId).not.toBe(firstRunId);
  await client.act(id, { type: 'CLOSE', actor: di });
  expect((await client.ranking(id)).results).toHaveLength(300);
  // The joins are in the audit across the runs, read from the table each run carried over.
  const events = (await client.history(id)).map((e) => e.event);
  expect(events.filter((e) => e === 'JOIN')).toHaveLength(300);
  expect(events.at(-1)).toBe('CLOSE');
});

test("joins and leaves while the call is open are in the call's audit, in order, with time, student and reason", async () => {
  const { id, client, handle } = await openCall();
  const [a, b] = [applicant(), applicant()];
  await handle.signal(callJoinSignal, a);
  await h.env.sleep(60 * 60_000);
  await handle.signal(callJoinSignal, b);
  await h.env.sleep(60 * 60_000);
  await handle.signal(callLeaveSignal, { caseId: a.caseId, reason: 'the student withdrew' });
  await waitFor('the leave taken', async () => ((await client.view(id)).applicants === 1 ? true : undefined));
  await client.act(id, { type: 'CLOSE', actor: di });
  const audit = await client.history(id);
  expect(audit.map((e) => [e.seq, e.event, e.caseId, e.studentId, e.reason])).toEqual([
    [1, 'OPEN_CALL', null, null, null],
    [2, 'JOIN', a.caseId, a.studentId, null],
    [3, 'JOIN', b.caseId, b.studentId, null],
    [4, 'LEAVE', a.caseId, a.studentId, 'the student withdrew'],
    [5, 'CLOSE', null, null, null],
  ]);
  const ms = audit.map((e) => Date.parse(e.at));
  expect(ms[2]! - ms[1]!).toBeGreaterThanOrEqual(60 * 60_000);
  expect(ms[3]! - ms[2]!).toBeGreaterThanOrEqual(60 * 60_000);
  expect(ms[4]!).toBeGreaterThanOrEqual(ms[3]!);
  expect(audit[1]!.actor).toEqual(SYSTEM_ACTOR);
});
