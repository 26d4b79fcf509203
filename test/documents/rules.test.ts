import { addYears, checkEnglishText, checkIelts, readIeltsFromText } from '../../activities/documents/rules';
import { DEFAULT_DOCUMENT_LIMITS } from '../../domain/document';
import { ENGLISH_TRANSCRIPT, RUSSIAN_TRANSCRIPT } from './fixtures';

const english = DEFAULT_DOCUMENT_LIMITS.english;
const ielts = DEFAULT_DOCUMENT_LIMITS.ielts;

describe('checkEnglishText', () => {
  it('passes an English transcript and names the keywords it found', () => {
    const result = checkEnglishText(ENGLISH_TRANSCRIPT.join('\n'), english);
    expect(result).toMatchObject({ rule: 'english_text', passed: true });
    expect(result.message).toMatch(/transcript, grade, credits/);
  });

  it('refuses a mostly Cyrillic transcript with a clear reason', () => {
    const result = checkEnglishText(RUSSIAN_TRANSCRIPT.join('\n'), english);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/mostly in Cyrillic \(\d+% of letters\).*English transcript/);
  });

  it('refuses Latin text that does not read as a transcript', () => {
    const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.';
    expect(checkEnglishText(text, english)).toMatchObject({
      passed: false,
      message: expect.stringMatching(/found 0/),
    });
  });

  it('refuses a mixed text below the Latin share', () => {
    const text = `Transcript Grade Credits ${'Қазақстан республикасы '.repeat(4)}`;
    expect(checkEnglishText(text, english)).toMatchObject({ passed: false });
  });

  it('refuses a scan without text unless staff confirm it is English', () => {
    expect(checkEnglishText('', english)).toMatchObject({
      passed: false,
      message: expect.stringMatching(/no readable text/),
    });
    expect(checkEnglishText('', english, true)).toMatchObject({
      passed: true,
      message: expect.stringMatching(/staff/),
    });
  });

  it('does not let staff confirmation override Cyrillic text it can read', () => {
    expect(checkEnglishText(RUSSIAN_TRANSCRIPT.join('\n'), english, true).passed).toBe(false);
  });
});

describe('checkIelts: score at least 5.5, valid 2 years from the test date on the application date', () => {
  const applicationDate = '2025-09-10';
  it.each([
    [5.0, false],
    [5.5, true],
    [6, true],
    [9, true],
  ])('overall band %d passes: %s', (score, passed) => {
    const [scoreResult] = checkIelts({ score, testDate: '2025-01-01', applicationDate }, ielts);
    expect(scoreResult).toMatchObject({ rule: 'ielts_score', passed });
  });

  it.each([
    ['taken the same day', '2025-09-10', true],
    ['exactly two years before: the last valid day', '2023-09-10', true],
    ['two years and one day before: expired', '2023-09-09', false],
    ['after the application date', '2025-09-11', false],
  ])('test date %s', (_name, testDate, passed) => {
    const [, dateResult] = checkIelts({ score: 7, testDate, applicationDate }, ielts);
    expect(dateResult).toMatchObject({ rule: 'ielts_test_date', passed });
  });

  it('says when the certificate expired', () => {
    const [, result] = checkIelts({ score: 7, testDate: '2023-09-09', applicationDate }, ielts);
    expect(result!.message).toBe(
      'the IELTS certificate expired: taken 2023-09-09, valid 2 years until 2025-09-09, but the application date is 2025-09-10',
    );
  });

  it('takes the validity from the limits', () => {
    const [, result] = checkIelts(
      { score: 7, testDate: '2022-09-10', applicationDate },
      { ...ielts, validityYears: 3 },
    );
    expect(result!.passed).toBe(true);
  });

  it('refuses when neither staff nor the document give a score or date', () => {
    const results = checkIelts({ applicationDate }, ielts);
    expect(results.map((r) => r.passed)).toEqual([false, false]);
    expect(results[0]!.message).toMatch(/neither entered by staff nor readable/);
  });

  it('counts 29 February to 28 February of a common year', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('readIeltsFromText', () => {
  it.each([
    ['Test Date 12/MAR/2024 ... Overall Band Score 6.5', 6.5, '2024-03-12'],
    ['Overall Band Score: 7\nTest Date: 2023-11-04', 7, '2023-11-04'],
    ['Date of Birth 01/01/2004 Test Date 5 June 2024 Overall Band 5.5', 5.5, '2024-06-05'],
    ['Test Report Form, no result printed', undefined, undefined],
  ])('reads %j', (text, score, testDate) => {
    expect(readIeltsFromText(text)).toEqual({ score, testDate });
  });
});
