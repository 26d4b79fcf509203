import type { OutgoingCaseContext } from '../../machines/outgoing-case/context';

/** One line for the audit trail: the verdict, and the failed rules when it is not eligible. */
export function eligibilitySummary(c: OutgoingCaseContext): string | null {
  const v = c.eligibility;
  if (!v) return null;
  if (v.eligible) return `eligible under policy ${v.policyVersion}`;
  const failed = v.rules.filter((r) => !r.passed).map((r) => `${r.id} (${r.message})`);
  return `not eligible under policy ${v.policyVersion}: ${failed.join('; ')}`;
}
