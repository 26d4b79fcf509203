import { IsoDate } from '../../domain/document';

describe('IsoDate, the calendar date of IELTS tests and applications', () => {
  test.each([
    ['2025-09-15', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-9-1', false],
    ['2025-09-15T00:00:00Z', false],
    ['', false],
  ])('%s -> %s', (text, ok) => {
    expect(IsoDate.safeParse(text).success).toBe(ok);
  });
});
