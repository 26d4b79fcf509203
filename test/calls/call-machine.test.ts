import { getShortestPaths } from 'xstate/graph';
import { initialTransition, transition } from 'xstate';
import { SYSTEM_ACTOR } from '../../domain/actor';
import type { CallApplicant } from '../../domain/call-applicant';
import type { CallEvent } from '../../machines/call/context';
import { callMachine } from '../../machines/call/machine';
import { callRefusalOf, type CallSnapshot } from '../../machines/call/refusal';
import { callView } from '../../machines/call/view';
import { applicant, callInput } from './support';

const di = { id: 'aliya.di', role: 'di_officer' as const };
const AT = '2026-10-10T10:00:00+05:00';
const AFTER = '2026-10-21T09:00:00+05:00';

const start = (draft = false) => initialTransition(callMachine, callInput({}, draft))[0];
function send(s: CallSnapshot, ...events: CallEvent[]): CallSnapshot {
  for (const e of events) {
    const refused = callRefusalOf(s, e);
    if (refused) throw new Error(`${e.type} refused: ${refused.message}`);
    s = transition(callMachine, s, e)[0];
  }
  return s;
}
const join = (a: CallApplicant): CallEvent => ({ type: 'JOIN', actor: SYSTEM_ACTOR, at: AT, applicant: a });
const result = (s: CallSnapshot, a: CallApplicant) => s.context.results!.find((r) => r.caseId === a.caseId)!;

/** Four applicants for tum (2) and epfl (1): best three placed, the fourth waitlisted for tum. */
function published() {
  const xs = [4, 3.8, 3.6, 3.4].map((gpa) => applicant({ gpa, preferences: ['tum', 'epfl'] }));
  const s = send(
    start(),
    ...xs.map(join),
    { type: 'DEADLINE', actor: SYSTEM_ACTOR, at: AFTER },
    { type: 'PUBLISH', actor: di, at: AFTER },
  );
  return { s, xs };
}

describe('the call machine', () => {
  test('draft -> open -> closed -> ranked -> published -> finalised; DI opens, closes and publishes', () => {
    let s = start(true);
    expect(s.value).toBe('draft');
    s = send(s, { type: 'OPEN', actor: di, at: AT }, join(applicant()), { type: 'CLOSE', actor: di, at: AT });
    expect(s.value).toBe('ranked');
    expect(s.context.closed).toEqual({ at: AT, by: di });
    s = send(s, { type: 'PUBLISH', actor: di, at: AT }, { type: 'FINALISE', actor: di, at: AT });
    expect([s.value, s.status]).toEqual(['finalised', 'done']);
  });

  test('the deadline closes the call only once it has passed', () => {
    const early = { type: 'DEADLINE', actor: SYSTEM_ACTOR, at: AT } as const;
    expect(callRefusalOf(start(), early)?.message).toBe('the call closes at 2026-10-20T23:59:59+05:00');
    expect(send(start(), { ...early, at: AFTER }).value).toBe('ranked');
  });

  test('refusals name the state, the role or the condition', () => {
    const student = { id: 'S1', role: 'student' as const };
    expect(callRefusalOf(start(), { type: 'PUBLISH', actor: di, at: AT })?.message).toMatch(
      /^PUBLISH is not allowed while the call is open; allowed now: CLOSE \(di_officer\), CANCEL \(di_officer\)$/,
    );
    expect(callRefusalOf(start(), { type: 'CLOSE', actor: student, at: AT })).toEqual({
      type: 'RoleNotAllowed',
      message: 'role student may not send CLOSE to a call; it is for: di_officer',
    });
  });

  test("an override is served before the ranking, and DI's selections never exceed the places", () => {
    const xs = [4, 3.8, 3.6, 3.4].map((gpa) => applicant({ gpa, preferences: ['tum', 'epfl'] }));
    let s = send(start(), ...xs.map(join), { type: 'CLOSE', actor: di, at: AT });
    const select = (a: CallApplicant) =>
      ({
        type: 'OVERRIDE',
        actor: di,
        at: AT,
        caseId: a.caseId,
        outcome: 'selected',
        placeId: 'tum',
        reason: 'partner request',
      }) as const;
    s = send(s, select(xs[3]!));
    expect(result(s, xs[3]!)).toMatchObject({
      outcome: 'selected',
      placeId: 'tum',
      overridden: { by: di, reason: 'partner request' },
    });
    expect(result(s, xs[3]!).reason).toBe('selected for Partner tum by DI: partner request');
    expect(s.context.results!.map((r) => r.outcome)).toEqual([
      'selected',
      'selected',
      'waitlisted',
      'selected',
    ]);
    s = send(s, select(xs[2]!));
    expect(callRefusalOf(s, select(xs[1]!))?.message).toMatch(
      /every place of Partner tum \(2\) is given by DI's overrides already/,
    );
    expect(callView(s).places.map((p) => [p.id, p.taken])).toEqual([
      ['tum', 2],
      ['epfl', 1],
    ]);
    const unranked = { ...select(xs[0]!), caseId: 'outgoing-nobody-x1' };
    expect(callRefusalOf(s, unranked)?.issues).toEqual([
      { path: 'caseId', message: 'outgoing-nobody-x1 has not applied to call test-call' },
    ]);
  });

  test('a selected student who leaves frees the place: the first waitlisted one is offered it for 5 working days', () => {
    const { s: pub, xs } = published();
    expect(result(pub, xs[3]!)).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 1, offer: null });
    const s = send(pub, {
      type: 'LEAVE',
      actor: SYSTEM_ACTOR,
      at: AFTER,
      caseId: xs[0]!.caseId,
      reason: 'the student withdrew',
    });
    expect(result(s, xs[0]!)).toMatchObject({
      outcome: 'not_selected',
      reason: 'not selected any more: the student withdrew',
    });
    // Wednesday 21 October + 5 working days, Monday 26th (Republic Day moved from Sunday) off: Thursday 29th.
    expect(result(s, xs[3]!).offer).toEqual({
      placeId: 'tum',
      placeName: 'Partner tum',
      expiresAt: '2026-10-29T09:00:00+05:00',
    });
    const taken = callView(s).places.find((p) => p.id === 'tum')!;
    expect([taken.taken, taken.free]).toEqual([2, 0]);
  });

  test('an accepted offer selects; only the student it is for (or DI) may answer it', () => {
    const { s: pub, xs } = published();
    let s = send(pub, {
      type: 'LEAVE',
      actor: SYSTEM_ACTOR,
      at: AFTER,
      caseId: xs[0]!.caseId,
      reason: 'withdrew',
    });
    const accept = {
      type: 'ACCEPT_OFFER',
      actor: { id: xs[2]!.studentId, role: 'student' },
      at: AFTER,
      caseId: xs[3]!.caseId,
    } as const;
    expect(callRefusalOf(s, accept)).toEqual({
      type: 'NotInScope',
      message: `student ${xs[2]!.studentId} may answer only their own offer`,
    });
    s = send(s, { ...accept, actor: { id: xs[3]!.studentId, role: 'student' } });
    expect(result(s, xs[3]!)).toMatchObject({ outcome: 'selected', placeId: 'tum', offer: null });
  });

  test('an offer lapses only after its deadline, and the student leaves the waitlist', () => {
    const { s: pub, xs } = published();
    let s = send(pub, {
      type: 'LEAVE',
      actor: SYSTEM_ACTOR,
      at: AFTER,
      caseId: xs[0]!.caseId,
      reason: 'withdrew',
    });
    const expire = { type: 'OFFER_EXPIRED', actor: SYSTEM_ACTOR, at: AFTER, caseId: xs[3]!.caseId } as const;
    expect(callRefusalOf(s, expire)?.message).toMatch(/still open/);
    s = send(s, { ...expire, at: '2026-10-29T09:00:00+05:00' });
    expect(result(s, xs[3]!)).toMatchObject({ outcome: 'not_selected', offer: null });
    expect(result(s, xs[3]!).reason).toMatch(/was not answered by 2026-10-29T09:00:00\+05:00$/);
  });

  test('a partner declining a student moves it to its next choice with room, or back on the waitlist', () => {
    const { s: pub, xs } = published();
    // xs[2] holds epfl (tum full); epfl declines: tum is full, so xs[2] is waitlisted and epfl offered to xs[3].
    const s = send(pub, {
      type: 'PARTNER_DECLINED',
      actor: SYSTEM_ACTOR,
      at: AFTER,
      caseId: xs[2]!.caseId,
      reason: 'no supervisor',
    });
    expect(result(s, xs[2]!)).toMatchObject({ outcome: 'waitlisted', offer: null, waitlistPosition: 1 });
    expect(result(s, xs[3]!).offer?.placeId).toBe('epfl');
  });

  test('finalising waits for open offers; the waitlist then ends as not selected', () => {
    const { s: pub, xs } = published();
    expect(
      send(pub, { type: 'FINALISE', actor: di, at: AFTER }).context.results!.map((r) => r.outcome),
    ).toEqual(['selected', 'selected', 'selected', 'not_selected']);
    const offered = send(pub, {
      type: 'LEAVE',
      actor: SYSTEM_ACTOR,
      at: AFTER,
      caseId: xs[0]!.caseId,
      reason: 'withdrew',
    });
    expect(callRefusalOf(offered, { type: 'FINALISE', actor: di, at: AFTER })?.message).toMatch(
      /offers are still open/,
    );
  });

  test('a case that joins after the close is not selected, and cancelling tells everyone', () => {
    const late = applicant({ gpa: 4 });
    let s = send(
      start(),
      join(applicant()),
      { type: 'CLOSE', actor: di, at: AT },
      { ...join(late), at: AFTER },
    );
    expect(result(s, late)).toMatchObject({ outcome: 'not_selected', rank: null });
    expect(result(s, late).reason).toMatch(/after the call closed/);
    s = send(s, { type: 'CANCEL', actor: di, at: AFTER, reason: 'the ministry withdrew the grant' });
    expect(s.value).toBe('cancelled');
    expect(new Set(s.context.results!.map((r) => r.outcome))).toEqual(new Set(['not_selected']));
  });

  test('every state is reachable (xstate/graph shortest paths)', () => {
    const a = applicant();
    const events: CallEvent[] = [
      { type: 'OPEN', actor: di, at: AT },
      join(a),
      { type: 'CLOSE', actor: di, at: AT },
      { type: 'PUBLISH', actor: di, at: AT },
      { type: 'FINALISE', actor: di, at: AT },
      { type: 'CANCEL', actor: di, at: AT, reason: 'no funds' },
    ];
    const paths = getShortestPaths(callMachine.provide({}), { input: callInput({}, true), events } as never);
    const reached = new Set(paths.map((p) => String(p.state.value)));
    expect([...reached].sort()).toEqual(['cancelled', 'draft', 'finalised', 'open', 'published', 'ranked']);
  });
});
