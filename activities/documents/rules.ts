import type { DocumentLimits, RuleResult } from '../../domain/document';

/**
 * Is this text an English transcript? Counts letters: the share of ASCII Latin letters among all
 * letters, and how many transcript keywords appear. Mostly Cyrillic text is refused by name.
 * `text` is what the PDF's text layer gave; a scan without one can only be confirmed by staff.
 */
export function checkEnglishText(
  text: string,
  cfg: DocumentLimits['english'],
  staffConfirmed = false,
): RuleResult {
  const rule = 'english_text' as const;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < cfg.minLetters) {
    if (staffConfirmed)
      return { rule, passed: true, message: 'no text layer; staff confirmed the text is in English' };
    return {
      rule,
      passed: false,
      message: `the PDF has no readable text (${letters} letters): upload the registrar's digital transcript, or staff confirm it is in English`,
    };
  }
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const pct = (k: number) => `${Math.round((100 * k) / letters)}%`;
  if (cyrillic * 2 > letters) {
    return {
      rule,
      passed: false,
      message: `the transcript is mostly in Cyrillic (${pct(cyrillic)} of letters): the official English transcript from the registrar is required`,
    };
  }
  if (latin / letters < cfg.minLatinShare) {
    return {
      rule,
      passed: false,
      message: `only ${pct(latin)} of the letters are Latin (at least ${Math.round(cfg.minLatinShare * 100)}% needed): the transcript must be in English`,
    };
  }
  const lower = text.toLowerCase();
  const found = cfg.keywords.filter((k) => new RegExp(`\\b${escapeRegExp(k.toLowerCase())}`).test(lower));
  if (found.length < cfg.minKeywords) {
    return {
      rule,
      passed: false,
      message: `the text is Latin but does not read as a transcript: found ${found.length} of the words ${cfg.keywords.join(', ')} (${cfg.minKeywords} needed)`,
    };
  }
  return {
    rule,
    passed: true,
    message: `English text (${pct(latin)} Latin letters; found: ${found.join(', ')})`,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads the overall band and the test date from the text of an IELTS Test Report Form, when it has
 * a text layer ("Overall Band Score 6.5", "Test Date 12/MAR/2024", "12 March 2024" or "2024-03-12").
 */
export function readIeltsFromText(text: string): { score?: number; testDate?: string } {
  const flat = text.replace(/\s+/g, ' ');
  const scoreMatch = /overall\s*band\s*(?:score)?\D{0,12}?(\d(?:\.[05])?)\b/i.exec(flat);
  const score = scoreMatch ? Number(scoreMatch[1]) : undefined;
  const dateText = /test\s*date\W{0,12}([0-9A-Za-z/ .-]{8,20})/i.exec(flat)?.[1];
  return { score, testDate: dateText ? parseLooseDate(dateText) : undefined };
}

function parseLooseDate(s: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return validDate(+iso[1]!, +iso[2]!, +iso[3]!);
  const dmy = /^(\d{1,2})[/ .-]([A-Za-z]{3,9}|\d{1,2})[/ .-](\d{4})/.exec(s);
  if (!dmy) return undefined;
  const monthText = dmy[2]!.toLowerCase();
  const month = /^\d+$/.test(monthText) ? +monthText : MONTHS.indexOf(monthText.slice(0, 3)) + 1;
  return validDate(+dmy[3]!, month, +dmy[1]!);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function validDate(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${pad(y + years, 4)}-${pad(m)}-${pad(Math.min(d, daysIn(y + years, m)))}`;
}

/**
 * The IELTS requirement: overall band at least `minScore`, and the certificate valid on the
 * application date, i.e. the application date is no later than the test date plus `validityYears`.
 * Dates are ISO calendar dates passed in: no clock.
 */
export function checkIelts(
  input: { score?: number; testDate?: string; applicationDate: string },
  cfg: DocumentLimits['ielts'],
): RuleResult[] {
  const { score, testDate, applicationDate } = input;
  const scoreResult: RuleResult =
    score === undefined
      ? {
          rule: 'ielts_score',
          passed: false,
          message: 'the IELTS overall band was neither entered by staff nor readable from the document',
        }
      : score >= cfg.minScore
        ? {
            rule: 'ielts_score',
            passed: true,
            message: `IELTS overall band ${score} (at least ${cfg.minScore})`,
          }
        : {
            rule: 'ielts_score',
            passed: false,
            message: `IELTS overall band ${score} is below the required ${cfg.minScore}`,
          };
  let dateResult: RuleResult;
  if (testDate === undefined) {
    dateResult = {
      rule: 'ielts_test_date',
      passed: false,
      message: 'the IELTS test date was neither entered by staff nor readable from the document',
    };
  } else if (testDate > applicationDate) {
    dateResult = {
      rule: 'ielts_test_date',
      passed: false,
      message: `the IELTS test date ${testDate} is after the application date ${applicationDate}`,
    };
  } else {
    const validUntil = addYears(testDate, cfg.validityYears);
    dateResult =
      applicationDate <= validUntil
        ? {
            rule: 'ielts_test_date',
            passed: true,
            message: `IELTS taken ${testDate}, valid until ${validUntil}, covers the application date ${applicationDate}`,
          }
        : {
            rule: 'ielts_test_date',
            passed: false,
            message: `the IELTS certificate expired: taken ${testDate}, valid ${cfg.validityYears} years until ${validUntil}, but the application date is ${applicationDate}`,
          };
  }
  return [scoreResult, dateResult];
}
