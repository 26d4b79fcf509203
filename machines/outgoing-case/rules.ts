import { instantMs, localDate } from '../../domain/calendar';
import {
  checklistFor,
  checklistStatus,
  trackChecklists,
  type ChecklistStatus,
} from '../../domain/document-checklist';
import type { EligibilityVerdict } from '../../domain/eligibility';
import { evaluateEligibility, factsFromRecord } from '../eligibility';
import { windowRule } from '../eligibility-window';
import type { OutgoingCaseContext } from './context';

/**
 * The case's rules as pure functions of its context and pinned policy: what the machine's guards and
 * actions decide with, and what the case view shows.
 */

/** The verdict for the record and English evidence on file, at the application moment; none before both. */
export function assess(c: OutgoingCaseContext): EligibilityVerdict | null {
  if (!c.record || !c.appliedAt) return null;
  return evaluateEligibility({
    facts: factsFromRecord(c.record, c.english),
    track: c.track,
    call: c.call,
    at: c.appliedAt,
    policy: c.policy,
  });
}

/** The application window rule at the moment `at`, with the next window when it is closed. */
export function applicationWindow(c: Pick<OutgoingCaseContext, 'policy' | 'track' | 'call'>, at: string) {
  const { policy } = c;
  return windowRule(
    policy.tracks[c.track],
    c.call,
    instantMs(at),
    policy.timeZone,
    policy.applicationWindows,
  );
}

/** The date of application in the policy's zone, as document checks compare IELTS dates with it. */
export function applicationDate(
  c: Pick<OutgoingCaseContext, 'appliedAt' | 'policy'>,
  fallbackMs: number,
): string {
  const ms = c.appliedAt ? instantMs(c.appliedAt) : fallbackMs;
  return localDate(c.policy.timeZone, ms);
}

/**
 * The track's checklist against the documents on file. Until the transcript is known to show the English
 * level, an English certificate is required; a passed audition counts as the SNSS certificate, issued.
 */
export function caseChecklist(c: OutgoingCaseContext): ChecklistStatus {
  const items = checklistFor(
    c.track,
    { english_certificate_needed: c.eligibility?.englishEvidence !== 'transcript' },
    trackChecklists(c.policy),
  );
  const issued =
    c.english.auditionPassed === true
      ? [{ kind: 'english_certificate' as const, by: 'SNSS after the English audition' }]
      : [];
  return checklistStatus(
    items,
    c.documents.map((d) => d.verdict),
    c.confirmedItems,
    issued,
  );
}

/** Checklist items that only staff can tick (the MSHE paper folder), not ticked yet. */
export function unconfirmedItems(c: OutgoingCaseContext): string[] {
  return c.policy.tracks[c.track].requiredDocuments
    .filter((i) => i.staffConfirmation && !c.confirmedItems.includes(i.id))
    .map((i) => i.id);
}

export function prepaysTuition(c: OutgoingCaseContext): boolean {
  return c.policy.paidBasisPrepaysTuition && (c.record?.studyBasis ?? c.student.studyBasis) === 'paid';
}

export function grantFunded(c: OutgoingCaseContext): boolean {
  return c.policy.tracks[c.track].grantFunded;
}
