import type { FundingTrack } from '../../domain/case';
import { bachelor, callFor, evaluate, failed, master, ruleOf } from './support';

const SPRING_2027 = {
  forSemester: '2027-spring',
  opensAt: '2026-09-01T00:00:00+05:00',
  closesAt: '2026-09-25T23:59:59.999+05:00',
};
const FALL_2027 = {
  forSemester: '2027-fall',
  opensAt: '2027-02-01T00:00:00+05:00',
  closesAt: '2027-02-25T23:59:59.999+05:00',
};
const SPRING_2028 = {
  forSemester: '2028-spring',
  opensAt: '2027-09-01T00:00:00+05:00',
  closesAt: '2027-09-25T23:59:59.999+05:00',
};

type Row = [at: string, inside: boolean, next: typeof SPRING_2027 | undefined];

describe('self-funded, spring mobility: September 1-25 in Almaty, inclusive', () => {
  const rows: Row[] = [
    ['2026-08-31T00:00:00+05:00', false, SPRING_2027],
    ['2026-08-31T23:59:00+05:00', false, SPRING_2027],
    ['2026-09-01T00:00:00+05:00', true, undefined],
    ['2026-09-01T23:59:00+05:00', true, undefined],
    ['2026-09-25T00:00:00+05:00', true, undefined],
    ['2026-09-25T23:59:00+05:00', true, undefined],
    ['2026-09-25T23:59:59.999+05:00', true, undefined],
    ['2026-09-26T00:00:00+05:00', false, FALL_2027],
    ['2026-09-26T23:59:00+05:00', false, FALL_2027],
    // the same boundaries written in UTC and in another zone: Almaty midnight is 19:00 UTC the day before
    ['2026-08-31T18:59:59Z', false, SPRING_2027],
    ['2026-08-31T19:00:00Z', true, undefined],
    ['2026-09-01T02:00:00+07:00', true, undefined],
    ['2026-09-25T18:59:59Z', true, undefined],
    ['2026-09-25T19:00:00Z', false, FALL_2027],
  ];
  test.each(rows)('%s: inside %s', (at, inside, next) => {
    const v = evaluate({ track: 'self_funded', at });
    expect(ruleOf(v, 'application_window')).toMatchObject({ passed: inside, threshold: SPRING_2027 });
    expect(failed(v)).toEqual(inside ? [] : ['application_window']);
    expect(v.nextWindow).toEqual(next);
  });
});

describe('self-funded, fall mobility: February 1-25 in Almaty, inclusive', () => {
  const rows: Row[] = [
    ['2027-01-31T23:59:00+05:00', false, FALL_2027],
    ['2027-02-01T00:00:00+05:00', true, undefined],
    ['2027-02-01T23:59:00+05:00', true, undefined],
    ['2027-02-25T00:00:00+05:00', true, undefined],
    ['2027-02-25T23:59:00+05:00', true, undefined],
    ['2027-02-26T00:00:00+05:00', false, SPRING_2028],
    ['2027-02-26T23:59:00+05:00', false, SPRING_2028],
    ['2027-01-31T19:00:00Z', true, undefined],
    ['2027-02-25T19:00:00Z', false, SPRING_2028],
  ];
  const call = callFor('self_funded', { mobilitySemester: '2027-fall' });
  test.each(rows)('bachelor in year 2, %s: inside %s', (at, inside, next) => {
    const v = evaluate({ track: 'self_funded', at, call, facts: { ...bachelor, semesterOfStudy: 4 } });
    expect(ruleOf(v, 'application_window')).toMatchObject({ passed: inside, threshold: FALL_2027 });
    expect(failed(v)).toEqual(inside ? [] : ['application_window']);
    expect(v.nextWindow).toEqual(next);
  });
  test.each(rows)('master in semester 2, %s: inside %s', (at, inside, next) => {
    const v = evaluate({ track: 'self_funded', at, call, facts: master });
    expect(ruleOf(v, 'application_window').passed).toBe(inside);
    expect(v.nextWindow).toEqual(next);
  });
});

test('the refusal names the next window', () => {
  const v = evaluate({ track: 'self_funded', at: '2026-09-26T00:00:00+05:00' });
  expect(ruleOf(v, 'application_window')).toMatchObject({
    seen: '2026-09-26T00:00:00+05:00',
    message:
      'applications for 2027-spring closed on 2026-09-25T23:59:59.999+05:00; the next window is 2027-02-01T00:00:00+05:00 - 2027-02-25T23:59:59.999+05:00 for 2027-fall',
  });
});

describe('MSHE and Erasmus+ take their dates from the call', () => {
  const window = { opensAt: '2026-10-01T00:00:00+05:00', closesAt: '2026-10-20T23:59:59+05:00' };
  const rows: [FundingTrack, string, boolean, boolean][] = (['mshe', 'erasmus'] as const).flatMap((track) => [
    [track, '2026-09-30T23:59:00+05:00', false, true] as [FundingTrack, string, boolean, boolean],
    [track, '2026-10-01T00:00:00+05:00', true, false],
    [track, '2026-10-20T23:59:59+05:00', true, false],
    [track, '2026-10-21T00:00:00+05:00', false, false],
  ]);
  test.each(rows)('%s at %s: inside %s, next window given %s', (track, at, inside, hasNext) => {
    const v = evaluate({ track, at, call: callFor(track, { window }) });
    expect(ruleOf(v, 'application_window')).toMatchObject({
      passed: inside,
      threshold: {
        forSemester: '2027-spring',
        opensAt: '2026-10-01T00:00:00+05:00',
        closesAt: '2026-10-20T23:59:59+05:00',
      },
    });
    expect(failed(v)).toEqual(inside ? [] : ['application_window']);
    expect(v.nextWindow).toEqual(hasNext ? { forSemester: '2027-spring', ...window } : undefined);
  });

  test.each(['mshe', 'erasmus'] as const)(
    '%s: September 26, outside the self-funded window, is inside the call',
    (track) => {
      const v = evaluate({ track, at: '2026-09-26T00:00:00+05:00' });
      expect(v.eligible).toBe(true);
    },
  );

  test.each(['mshe', 'erasmus'] as const)('%s: a closed call names no next window', (track) => {
    const v = evaluate({ track, at: '2026-10-21T00:00:00+05:00', call: callFor(track, { window }) });
    expect(ruleOf(v, 'application_window').message).toBe(
      `applications to call call-${track}-2027 closed on 2026-10-20T23:59:59+05:00; the next call announces its own dates`,
    );
  });

  test.each(['mshe', 'erasmus'] as const)('%s: a call without dates takes no applications', (track) => {
    const v = evaluate({ track, call: callFor(track, { window: undefined }) });
    expect(ruleOf(v, 'application_window')).toMatchObject({ passed: false, threshold: null });
  });
});
