import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

export interface ApiLogOptions {
  /** pino's level: trace, debug, info (one line per request and its answer), warn, error (LOG_LEVEL). */
  level: string;
  /** Where the JSON lines go; standard output by default. */
  stream?: NodeJS.WritableStream;
}

/** A caller's own request id is kept when it is a plain token, so one id follows a call across systems. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const requestId = (req: IncomingMessage) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

/**
 * Fastify's own pino logger, one JSON line per request and per answer, each with `reqId`. What a line
 * says of a request is its method, its path without the query (a query can name a student or an address)
 * and the status: no bodies, headers (tokens), query strings or client addresses.
 */
export function loggerOptions(log: ApiLogOptions | undefined): FastifyServerOptions {
  if (!log) return { logger: false, genReqId: requestId };
  return {
    logger: {
      level: log.level,
      ...(log.stream ? { stream: log.stream } : {}),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // Each line carries the id as `reqId` (fastify's default label).
    genReqId: requestId,
  };
}
