import { describeIssues, fieldIssues } from '../domain/issues';
import type { RefusalDetails } from '../workflows/outgoing-case/messages';

export type CaseErrorKind = 'invalid' | 'forbidden' | 'notFound' | 'conflict';

/** A refused request, with what the caller needs to correct it. API and CLI map `kind` to their codes. */
export class CaseError extends Error {
  constructor(
    readonly kind: CaseErrorKind,
    message: string,
    readonly details: Partial<RefusalDetails> = {},
  ) {
    super(message);
    this.name = 'CaseError';
  }
}

export function invalid(prefix: string, error: Parameters<typeof fieldIssues>[0]): CaseError {
  const issues = fieldIssues(error);
  return new CaseError('invalid', `${prefix}: ${describeIssues(issues)}`, { issues });
}
