import { temporal } from '@temporalio/proto';
import { studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { drive, happyPath, through } from '../helpers/paths';
import { idleHistoryLength, waitFor } from '../helpers/wait';

const { EventType } = temporal.api.enums.v1;
const DAY = 24 * 60 * 60 * 1000;

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

describe('a case continues as new when the student departs', () => {
  test('on a new run, with its view, its whole audit trail and its timers', async () => {
    const request = await h.applicant('erasmus', { studyBasis: 'state_grant' });
    const { caseId } = await h.cases.open(request);
    const steps = happyPath('erasmus', 'state_grant', studentOf(request));
    const toDeparture = through(steps, 'DEPART');
    await drive(h.cases, caseId, toDeparture.slice(0, -1));
    const handle = h.env.client.workflow.getHandle(caseId);
    await idleHistoryLength(handle);
    const firstRun = (await handle.describe()).runId;
    const viewBefore = await h.cases.get(caseId);
    const auditBefore = await h.cases.history(caseId);
    expect(viewBefore.states).toEqual(['open.readyToDepart']);

    const departed = await h.cases.act(caseId, toDeparture.at(-1)!);
    expect(departed).toMatchObject({ stage: 'mobility', states: ['open.mobility.abroad'] });
    const secondRun = await waitFor('the case on a new run', async () => {
      const d = await handle.describe();
      return d.runId !== firstRun && d.status.name === 'RUNNING' ? d.runId : undefined;
    });

    // The first run ended in a continue-as-new; the second started from it.
    const first = h.env.client.workflow.getHandle(caseId, firstRun);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    const firstEvents = (await first.fetchHistory()).events ?? [];
    expect(firstEvents.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    const secondEvents =
      (await h.env.client.workflow.getHandle(caseId, secondRun).fetchHistory()).events ?? [];
    expect(secondEvents[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBe(firstRun);
    // The new run is short: it starts from the carried state, it does not replay the application.
    expect(secondEvents.length).toBeLessThan(firstEvents.length / 4);

    // Reads by the case id follow the latest run: the view and the trail are intact, plus the departure.
    const view = await h.cases.get(caseId);
    expect(view).toMatchObject({ stage: 'mobility', states: ['open.mobility.abroad'], status: 'active' });
    expect(view.auditLength).toBe(auditBefore.length + 1);
    expect(view.context).toEqual(viewBefore.context);
    expect(view.eligibility).toEqual(viewBefore.eligibility);
    expect(view.checklist).toEqual(viewBefore.checklist);
    const audit = await h.cases.history(caseId);
    expect(audit.slice(0, -1)).toEqual(auditBefore);
    expect(audit.at(-1)).toMatchObject({
      seq: auditBefore.length + 1,
      event: 'DEPART',
      from: 'open.readyToDepart',
      to: 'open.mobility.abroad',
    });

    // The timers of the new run fire: the return documents' reminder, a week before they are due.
    const ended = await h.cases.act(caseId, {
      type: 'END_MOBILITY',
      actor: { id: 'aliya.di', role: 'di_officer' },
    });
    expect(ended.stage).toBe('return');
    const [deadline] = (await h.cases.get(caseId)).deadlines;
    expect(deadline).toMatchObject({ id: 'returnDocuments', responsible: 'student' });
    const due = Date.parse(deadline!.dueAt);
    const wait = due - 7 * DAY + 60_000 - (await h.env.currentTimeMs());
    await h.env.sleep(wait);
    const reminder = await waitFor('the 7-day reminder of the return documents', async () =>
      (await h.cases.history(caseId)).find((e) => e.event === 'DEADLINE_REMINDER'),
    );
    expect(reminder).toMatchObject({
      actor: { role: 'system' },
      note: `returnDocuments: the return documents, due ${new Date(due).toISOString()}, 7 day(s) before`,
    });
    await h.waitForMail(request.student.email, 'Reminder: the return documents due in 7 day(s)');
    // Still the second run: a timer is no reason to start another.
    expect((await handle.describe()).runId).toBe(secondRun);

    // The case goes on to closed; its result is the last run's, its trail the whole case's.
    await drive(h.cases, caseId, steps.slice(through(steps, 'END_MOBILITY').length));
    expect(await handle.result()).toEqual({ caseId, state: 'closed', outcome: null });
    const closed = await h.cases.history(caseId);
    expect(closed.slice(0, audit.length)).toEqual(audit);
    expect(closed.every((e, i) => e.seq === i + 1)).toBe(true);
    expect(closed.at(-1)).toMatchObject({ event: 'CREDIT_STATEMENT_ISSUED', to: 'closed' });
  });
});
