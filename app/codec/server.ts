import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

/** A payload as the codec-server protocol carries it: protobuf JSON, so every byte string is base64. */
const JsonPayload = z.object({
  metadata: z.record(z.string(), z.string()).nullish(),
  data: z.string().nullish(),
});
type JsonPayload = z.infer<typeof JsonPayload>;
const Body = z.object({ payloads: z.array(JsonPayload) });

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** The request headers the Temporal UI and CLI send to a codec endpoint. */
const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

export interface CodecServerOptions {
  codec: PayloadCodec;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Browser origins allowed to call the endpoint (the Temporal UI's); `*` allows any. */
  corsOrigins: readonly string[];
}

export interface CodecServer {
  /** The endpoint to give the UI (`--ui-codec-endpoint`) and the CLI (`--codec-endpoint`). */
  url: string;
  close(): Promise<void>;
}

/**
 * Temporal's codec-server protocol over a codec: `POST …/encode` and `POST …/decode` take and return
 * `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. Only the last path segment counts, so the
 * endpoint may be mounted under any prefix. Browsers from `corsOrigins` may call it (preflight included,
 * with the `X-Namespace` header the UI sends). One key ring serves every namespace.
 *
 * Whoever reaches this endpoint can read every case: bind it to a private address and, in a deployment,
 * put it behind the same sign-in as the Temporal UI.
 */
export async function startCodecServer(o: CodecServerOptions): Promise<CodecServer> {
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024 });
  const anyOrigin = o.corsOrigins.includes('*');
  const allowed = new Set(o.corsOrigins);

  // Some clients send the JSON with another content type (or none); the body is JSON whatever it says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch (err) {
      (err as Error & { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (!anyOrigin && !allowed.has(origin)) {
      if (req.method === 'OPTIONS') return reply.code(403).send({ error: `origin ${origin} is not allowed` });
      return;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    reply.header('access-control-allow-credentials', 'true');
  });

  const operation = (req: FastifyRequest) => {
    const last = req.url.split('?')[0]!.split('/').filter(Boolean).pop();
    return last === 'encode' || last === 'decode' ? last : undefined;
  };

  app.options('/*', async (req, reply) => {
    if (!operation(req)) return reply.code(404).send({ error: 'codec endpoints are …/encode and …/decode' });
    reply
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '600');
    return reply.code(204).send();
  });

  app.post('/*', async (req: FastifyRequest, reply: FastifyReply) => {
    const op = operation(req);
    if (!op) return reply.code(404).send({ error: 'codec endpoints are …/encode and …/decode' });
    const body = Body.safeParse(req.body);
    if (!body.success) {
      return reply.code(400).send({
        error: `expected { payloads: [{ metadata: { key: base64 }, data: base64 }] }: ${body.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ')}`,
      });
    }
    const payloads = body.data.payloads.map(fromJson);
    try {
      const out = op === 'encode' ? await o.codec.encode(payloads) : await o.codec.decode(payloads);
      return reply.send({ payloads: out.map(toJson) });
    } catch (err) {
      return reply.code(422).send({ error: (err as Error).message });
    }
  });

  const address = await app.listen({ host: o.host, port: o.port });
  return { url: address, close: () => app.close() };
}
