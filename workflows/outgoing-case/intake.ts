import { offsetMinutes } from '../../domain/calendar';
import type { NextWindow } from '../../domain/eligibility';
import type { CaseEvent } from '../../domain/events';
import type { OutgoingCaseContext } from '../../machines/outgoing-case/context';
import { windowRule } from '../../machines/eligibility-window';

type Attach = Extract<CaseEvent, { type: 'ATTACH_DOCUMENT' }>;

/** Outside the application window a submission is refused, naming the next window. */
export function windowRefusal(
  c: Pick<OutgoingCaseContext, 'policy' | 'track' | 'call'>,
  nowMs: number,
): { message: string; nextWindow?: NextWindow } | undefined {
  const { policy } = c;
  const { rule, next } = windowRule(
    policy.tracks[c.track],
    c.call,
    nowMs,
    offsetMinutes(policy.utcOffset),
    policy.applicationWindows,
  );
  if (rule.passed) return undefined;
  return { message: `the application is refused: ${rule.message}`, ...(next ? { nextWindow: next } : {}) };
}

/**
 * An upload the case cannot take: the same bytes again (held, or still being checked), or a kind its
 * track's checklist does not ask for.
 */
export function attachRefusal(
  c: OutgoingCaseContext,
  event: Attach,
  beingChecked: ReadonlySet<string>,
): { path: string; message: string } | undefined {
  const { sha256, kind } = event.document;
  if (beingChecked.has(sha256)) {
    return { path: 'document.sha256', message: 'the same file is being checked for this case already' };
  }
  const same = c.documents.find((d) => d.document.sha256 === sha256);
  if (same) {
    return {
      path: 'document.sha256',
      message: `the same file is already in this case (${same.document.originalName}, uploaded ${same.document.uploadedAt})`,
    };
  }
  const checklist = c.policy.tracks[c.track].requiredDocuments;
  if (!checklist.some((item) => item.anyOf.includes(kind))) {
    const kinds = [...new Set(checklist.flatMap((i) => i.anyOf))].join(', ');
    return {
      path: 'document.kind',
      message: `a ${kind} is not on the ${c.track} checklist (policy ${c.policy.version}); it asks for: ${kinds}`,
    };
  }
  return undefined;
}

/** One line for the audit trail: the verdict, and the failed rules when it is not eligible. */
export function eligibilitySummary(c: OutgoingCaseContext): string | null {
  const v = c.eligibility;
  if (!v) return null;
  if (v.eligible) return `eligible under policy ${v.policyVersion}`;
  const failed = v.rules.filter((r) => !r.passed).map((r) => `${r.id} (${r.message})`);
  return `not eligible under policy ${v.policyVersion}: ${failed.join('; ')}`;
}
