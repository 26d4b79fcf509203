import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CaseError, temporalUnavailable, type CaseErrorKind } from '../client/errors';
import { describeIssues, type FieldIssue } from '../domain/issues';

const STATUS: Record<CaseErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unavailable: 503,
};

/** How long a caller should wait before trying again after a 503 (seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** Fields the access token supplies: naming one in a request is refused with why. */
const FROM_TOKEN: Record<string, string> = {
  actor: 'the actor is the signed-in user (from the access token); do not send one',
  actorId: 'the actor is the signed-in user (from the access token); do not send one',
  actorRole: 'the actor is the signed-in user (from the access token); do not send one',
  partnerId: 'the partner is the signed-in partner (from the access token); do not send one',
};

type ZodIssueParams = { keys?: string[] };

/** A request that failed its route's zod contract, one issue per field; an unknown key is its own field. */
function validationIssues(err: FastifyError & { validation: unknown[] }): FieldIssue[] {
  const where = (err as { validationContext?: string }).validationContext ?? 'body';
  return (
    err.validation as { instancePath: string; message?: string; keyword: string; params: ZodIssueParams }[]
  ).flatMap((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || `(${where})`;
    if (v.keyword === 'unrecognized_keys' && v.params.keys?.length) {
      return v.params.keys.map((key) => ({
        path: path.startsWith('(') ? key : `${path}.${key}`,
        message: FROM_TOKEN[key] ?? `unknown field in the ${where}`,
      }));
    }
    return [{ path, message: v.message ?? v.keyword }];
  });
}

/**
 * Every refusal as `{ error, message, details }`: the case client's errors by kind, a request that broke
 * its contract as 400 naming each field, fastify's own 4xx (malformed JSON, a wrong content type, a body
 * too large) with their message; 503 tells when to retry. Anything else is a 500 logged with its stack.
 */
export function apiErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof CaseError) {
    if (err.kind === 'unavailable') void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply
      .status(STATUS[err.kind])
      .send({ error: err.kind, message: err.message, details: err.details });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = validationIssues(err);
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    return reply.status(400).send({
      error: 'invalid',
      message: `invalid ${where}: ${describeIssues(issues)}`,
      details: { issues },
    });
  }
  const status = err.statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.status(status).send({ error: 'invalid', message: err.message, details: { code: err.code } });
  }
  if (temporalUnavailable(err)) {
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(503).send({
      error: 'unavailable',
      message: 'the Temporal server did not answer, or is over its rate limits; try again',
      details: {},
    });
  }
  req.log.error({ err }, 'request failed');
  return reply.status(500).send({ error: 'internal', message: 'internal error; see the server log' });
}
