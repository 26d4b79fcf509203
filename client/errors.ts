import { describeIssues, fieldIssues, type FieldIssue } from '../domain/issues';
import { REFUSAL, type Refusal, type RefusalDetails } from '../workflows/outgoing-case/messages';

/**
 * `unauthorized`: no valid sign-in (the API's 401); `unavailable`: the Temporal server, the worker or the
 * identity provider cannot be reached now (503, try again later).
 */
export type CaseErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'notFound' | 'conflict' | 'unavailable';

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
  return invalidFields(prefix, fieldIssues(error));
}

/** A refusal of fields a rule outside the schema found wrong (a policy, a registry, the store). */
export function invalidFields(prefix: string, issues: FieldIssue[]): CaseError {
  return new CaseError('invalid', `${prefix}: ${describeIssues(issues)}`, { issues });
}

/** How each refusal of the machine reads to a caller; the API maps the kind to its status code. */
export const REFUSAL_KIND = {
  [REFUSAL.invalidPayload]: 'invalid',
  [REFUSAL.roleNotAllowed]: 'forbidden',
  [REFUSAL.notInScope]: 'forbidden',
  [REFUSAL.actionNotAllowed]: 'conflict',
  [REFUSAL.outsideWindow]: 'conflict',
} as const satisfies Record<Refusal['type'], CaseErrorKind>;

/** A refusal the machine's rules gave without an update (before a case exists, or as a dry run). */
export function refusalError(r: Refusal): CaseError {
  return new CaseError(REFUSAL_KIND[r.type], r.message, {
    ...(r.issues ? { issues: r.issues } : {}),
    ...(r.nextWindow ? { nextWindow: r.nextWindow } : {}),
  });
}

/**
 * The server refuses an update (gRPC FAILED_PRECONDITION) while the case's last workflow task failed or
 * timed out and is being retried: no worker could run the case just now (one died, or all are overloaded).
 * The update was not admitted, so sending it again later is safe.
 */
const TASK_FAILING = 'Workflow Task in failed state';

/**
 * gRPC codes of a server that cannot be reached, did not answer in time, or refused for its rate limits
 * (RESOURCE_EXHAUSTED: "namespace rate limit exceeded", "System Persistence Max QPS Reached"; the client
 * has already retried it with backoff): each passes if the caller tries again later.
 */
const UNAVAILABLE_CODES = new Set([
  4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */,
]);

/**
 * Whether a failure means Temporal (the server, or a worker that must answer) is unavailable now: a gRPC
 * UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED anywhere in its causes, an update whose call timed
 * out, or one refused while the case's workflow task is being retried.
 */
export function temporalUnavailable(err: unknown): boolean {
  for (
    let e = err as { name?: string; code?: unknown; cause?: unknown } | undefined;
    e;
    e = e.cause as never
  ) {
    if (e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
    if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e.code === 9 && String((e as { message?: unknown }).message).includes(TASK_FAILING)) return true;
    if (typeof e !== 'object') return false;
  }
  return false;
}
