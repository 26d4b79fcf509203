import { IncomingSchedule } from '../../workflows/incoming-case/schedule';
import { start } from './support';

const DAY = 24 * 60 * 60 * 1000;
const LETTER = {
  id: 'invitationLetter' as const,
  responsible: 'di_officer' as const,
  what: "KBTU's invitation letter",
  escalationTemplate: 'incomingInvitationOverdue' as const,
};

describe("the incoming case's timers", () => {
  const policy = start().context.policy;
  const complete = Date.parse('2027-01-11T10:00:00+05:00');

  test('a deadline watched again keeps the days DI added to it (a letter that failed to be made)', () => {
    const schedule = new IncomingSchedule(policy);
    schedule.watch(LETTER, complete, complete);
    const due = schedule.nextDeadline()!;
    schedule.extendAll(14, complete + DAY);
    expect(schedule.nextDeadline()).toBe(due + 14 * DAY);
    schedule.unwatch(LETTER.id);
    expect(schedule.nextDeadline()).toBeUndefined();
    schedule.watch(LETTER, complete, complete + 2 * DAY);
    expect(schedule.nextDeadline()).toBe(due + 14 * DAY);
    schedule.extendAll(7, complete + 3 * DAY);
    expect(schedule.nextDeadline()).toBe(due + 21 * DAY);
  });

  test('watched again after its reminders passed, it plans only what is still to come', () => {
    const schedule = new IncomingSchedule(policy);
    schedule.watch(LETTER, complete, complete);
    const due = schedule.nextDeadline()!;
    const all = schedule.pending().length;
    schedule.unwatch(LETTER.id);
    schedule.watch(LETTER, complete, due - 2 * DAY);
    const left = schedule.pending();
    expect(left.length).toBeLessThan(all);
    expect(left.every((w) => w.at > due - 2 * DAY)).toBe(true);
  });
});
