import fc from 'fast-check';
import {
  addYears,
  civilFromDays,
  daysFromCivil,
  formatInstant,
  instantMs,
  localDateOf,
} from '../../domain/calendar';
import { evaluate } from './support';

describe('time, without a clock', () => {
  test.each([
    '2026-09-01T00:00:00',
    '2026-09-01',
    '2026-02-30T00:00:00Z',
    '2026-09-01T24:00:00Z',
    'yesterday',
  ])('refuses %s as an application date', (at) => {
    expect(() => instantMs(at)).toThrow(RangeError);
    expect(() => evaluate({ track: 'self_funded', at })).toThrow(RangeError);
  });

  test('reads offsets, writes Almaty time', () => {
    expect(instantMs('2026-09-01T00:00:00+05:00')).toBe(Date.UTC(2026, 7, 31, 19));
    expect(instantMs('2026-09-01T00:00:00.5-03:30')).toBe(Date.UTC(2026, 8, 1, 3, 30, 0, 500));
    expect(instantMs('2026-09-01T00:00+0500')).toBe(instantMs('2026-09-01T00:00:00+05:00'));
    expect(instantMs('2026-09-01T00:00:00+05')).toBe(instantMs('2026-09-01T00:00:00+05:00'));
    expect(formatInstant(Date.UTC(2026, 7, 31, 19), 300)).toBe('2026-09-01T00:00:00+05:00');
    expect(formatInstant(Date.UTC(2026, 7, 31, 19), -210)).toBe('2026-08-31T15:30:00-03:30');
  });

  test('adds years to a calendar date', () => {
    expect(addYears('2024-09-10', 2)).toBe('2026-09-10');
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('calendar arithmetic agrees with Date (which machines and domain may not use)', () => {
  const ms = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) });
  const offset = fc.integer({ min: -12 * 60, max: 14 * 60 });

  test('days from civil and back', () => {
    fc.assert(
      fc.property(ms, (t) => {
        const d = new Date(t);
        const days = daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        expect(days).toBe(Math.floor(t / 86_400_000));
        expect(civilFromDays(days)).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
        });
      }),
    );
  });

  test('an instant read, shifted and written round-trips', () => {
    fc.assert(
      fc.property(ms, offset, (t, off) => {
        expect(instantMs(new Date(t).toISOString())).toBe(t);
        expect(instantMs(formatInstant(t, off))).toBe(t);
        const local = new Date(t + off * 60_000);
        expect(localDateOf(t, off)).toEqual({
          year: local.getUTCFullYear(),
          month: local.getUTCMonth() + 1,
          day: local.getUTCDate(),
        });
      }),
    );
  });
});
