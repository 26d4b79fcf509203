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

export function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function invalid(
  prefix: string,
  error: { issues: { path: PropertyKey[]; message: string }[] },
): CaseError {
  const issues = issuesOf(error);
  return new CaseError('invalid', `${prefix}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    issues,
  });
}
