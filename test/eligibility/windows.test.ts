import type { FundingTrack } from '../../domain/case';
import { bachelor, callFor, evaluate, failed, master, policy2022, ruleOf } from './support';

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

/**
 * The windows at their edges in Almaty time, in a year when Almaty was UTC+06:00 (2022, the 2022-2023
 * policy) and in one at UTC+05:00 (2026, the 2026-2027 policy). The offset of each edge comes from the zone.
 */
describe.each([
  {
    year: 2022,
    offset: '+06:00',
    policy: policy2022,
    spring: '2023-spring',
    fall: '2022-fall',
    nextFall: { opensAt: '2023-02-01T00:00:00+06:00', closesAt: '2023-02-25T23:59:59.999+06:00' },
    nextSpring: { opensAt: '2022-09-01T00:00:00+06:00', closesAt: '2022-09-25T23:59:59.999+06:00' },
  },
  {
    year: 2026,
    offset: '+05:00',
    policy: undefined,
    spring: '2027-spring',
    fall: '2026-fall',
    nextFall: { opensAt: '2027-02-01T00:00:00+05:00', closesAt: '2027-02-25T23:59:59.999+05:00' },
    nextSpring: { opensAt: '2026-09-01T00:00:00+05:00', closesAt: '2026-09-25T23:59:59.999+05:00' },
  },
])(
  'the $year windows at their edges, at $offset',
  ({ year, offset, policy, spring, fall, nextFall, nextSpring }) => {
    const over = policy ? { policy } : {};
    const springWindow = { forSemester: spring, ...nextSpring };
    const y = String(year);
    const springRows: [at: string, inside: boolean][] = [
      [`${y}-08-31T23:59:59${offset}`, false],
      [`${y}-08-31T23:59:59.999${offset}`, false],
      [`${y}-09-01T00:00:00${offset}`, true],
      [`${y}-09-25T23:59:59${offset}`, true],
      [`${y}-09-25T23:59:59.999${offset}`, true],
      [`${y}-09-26T00:00:00${offset}`, false],
    ];
    test.each(springRows)('September 1-25: %s inside %s', (at, inside) => {
      const v = evaluate({
        track: 'self_funded',
        at,
        call: callFor('self_funded', { mobilitySemester: spring }),
        ...over,
      });
      expect(ruleOf(v, 'application_window')).toMatchObject({ passed: inside, threshold: springWindow });
      expect(failed(v)).toEqual(inside ? [] : ['application_window']);
      expect(v.nextWindow).toEqual(
        inside
          ? undefined
          : at < `${y}-09-01`
            ? springWindow
            : { forSemester: `${year + 1}-fall`, ...nextFall },
      );
    });

    const fallWindow = {
      forSemester: fall,
      opensAt: `${y}-02-01T00:00:00${offset}`,
      closesAt: `${y}-02-25T23:59:59.999${offset}`,
    };
    const fallRows: [at: string, inside: boolean][] = [
      [`${y}-01-31T23:59:59${offset}`, false],
      [`${y}-02-01T00:00:00${offset}`, true],
      [`${y}-02-25T23:59:59${offset}`, true],
      [`${y}-02-26T00:00:00${offset}`, false],
    ];
    test.each(fallRows)('February 1-25: %s inside %s', (at, inside) => {
      const call = callFor('self_funded', { mobilitySemester: fall });
      const v = evaluate({
        track: 'self_funded',
        at,
        call,
        facts: { ...bachelor, semesterOfStudy: 4 },
        ...over,
      });
      expect(ruleOf(v, 'application_window')).toMatchObject({ passed: inside, threshold: fallWindow });
      expect(v.nextWindow).toEqual(
        inside
          ? undefined
          : at < `${y}-02-01`
            ? fallWindow
            : { forSemester: `${year + 1}-spring`, ...nextSpring },
      );
    });
  },
);

describe('an edge read with the wrong offset falls on the wrong side', () => {
  // 23:30 at +05:00 on 25 September 2022 was 00:30 on the 26th in Almaty, then at +06:00.
  const rows: [at: string, inside: boolean][] = [
    ['2022-09-25T23:30:00+05:00', false],
    ['2022-09-25T17:59:59Z', true],
    ['2022-09-25T18:00:00Z', false],
    ['2022-08-31T17:59:59Z', false],
    ['2022-08-31T18:00:00Z', true],
    ['2022-09-01T00:30:00+07:00', false],
    ['2022-09-01T01:00:00+07:00', true],
    ['2022-08-31T23:30:00+05:00', true],
  ];
  test.each(rows)('2022: %s inside %s', (at, inside) => {
    const call = callFor('self_funded', { mobilitySemester: '2023-spring' });
    const v = evaluate({ track: 'self_funded', at, call, policy: policy2022 });
    expect(ruleOf(v, 'application_window')).toMatchObject({
      passed: inside,
      seen: expect.stringMatching(/\+06:00$/),
    });
  });

  test('a window of February 2024, before the change, is at +06:00 under the 2026-2027 policy too', () => {
    const call = callFor('self_funded', { mobilitySemester: '2024-fall' });
    const facts = { ...bachelor, semesterOfStudy: 4 };
    const inside = evaluate({ track: 'self_funded', at: '2024-02-25T23:59:59+06:00', call, facts });
    const outside = evaluate({ track: 'self_funded', at: '2024-02-25T23:30:00+05:00', call, facts });
    expect(ruleOf(inside, 'application_window')).toMatchObject({
      passed: true,
      threshold: { opensAt: '2024-02-01T00:00:00+06:00', closesAt: '2024-02-25T23:59:59.999+06:00' },
    });
    expect(ruleOf(outside, 'application_window').passed).toBe(false);
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
