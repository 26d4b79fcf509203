import type {
  AuditionStatus,
  EligibilityFacts,
  EligibilityRuleResult,
  EnglishEvidence,
} from '../domain/eligibility';
import type { TrackPolicy } from '../domain/policy';
import type { CefrLevel } from '../domain/student-record';
import { addYears } from '../domain/calendar';

const CEFR_ORDER: readonly CefrLevel[] = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];

/**
 * English: the track's CEFR level or better on the transcript, or an IELTS certificate of the track's band
 * that is valid on the application date (local `today`, 'YYYY-MM-DD'), or a passed SNSS audition where the
 * track allows one. Also says where the audition stands.
 */
export function englishRule(
  f: EligibilityFacts,
  tp: TrackPolicy,
  validityYears: number,
  today: string,
): { rule: EligibilityRuleResult; audition: AuditionStatus; evidence: EnglishEvidence | null } {
  const { minCefr, minIelts } = tp.english;
  const transcriptOk =
    f.englishOnTranscript !== null &&
    CEFR_ORDER.indexOf(f.englishOnTranscript) >= CEFR_ORDER.indexOf(minCefr);
  const validUntil = f.ielts ? addYears(f.ielts.testDate, validityYears) : null;
  const ieltsValid = f.ielts !== null && f.ielts.testDate <= today && today <= validUntil!;
  const ieltsOk = ieltsValid && f.ielts!.score >= minIelts;
  const auditionOk = tp.auditionAllowed && f.auditionPassed === true;

  let message: string;
  if (transcriptOk) message = `the transcript shows ${f.englishOnTranscript}, at least ${minCefr}`;
  else if (ieltsOk) message = `IELTS ${f.ielts!.score}, valid until ${validUntil}, is at least ${minIelts}`;
  else if (auditionOk) message = 'passed the SNSS English audition';
  else {
    const why = [`no ${minCefr} or higher on the transcript`];
    if (!f.ielts) why.push('no IELTS certificate');
    else if (f.ielts.testDate > today)
      why.push(`IELTS test date ${f.ielts.testDate} is after the application date`);
    else if (!ieltsValid) why.push(`IELTS expired on ${validUntil}`);
    else why.push(`IELTS ${f.ielts.score} is below ${minIelts}`);
    if (!tp.auditionAllowed) why.push('the audition does not count on this track');
    else if (f.auditionPassed === false) why.push('failed the English audition');
    else why.push('may register for the English audition');
    message = why.join('; ');
  }

  let audition: AuditionStatus;
  if (transcriptOk || ieltsOk) audition = 'not_needed';
  else if (auditionOk) audition = 'passed';
  else if (!tp.auditionAllowed) audition = 'not_offered';
  else audition = f.auditionPassed === false ? 'failed' : 'may_register';

  const ielts = f.ielts && {
    score: f.ielts.score,
    testDate: f.ielts.testDate,
    validUntil,
    valid: ieltsValid,
  };
  const evidence: EnglishEvidence | null = transcriptOk
    ? 'transcript'
    : ieltsOk
      ? 'ielts'
      : auditionOk
        ? 'audition'
        : null;
  return {
    audition,
    evidence,
    rule: {
      id: 'english',
      passed: transcriptOk || ieltsOk || auditionOk,
      seen: { transcript: f.englishOnTranscript, ielts, auditionPassed: f.auditionPassed },
      threshold: {
        minCefr,
        minIelts,
        ieltsValidityYears: validityYears,
        auditionAllowed: tp.auditionAllowed,
      },
      message,
    },
  };
}
