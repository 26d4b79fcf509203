import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CaseClient } from '../client/cases';
import { CaseError, invalidFields } from '../client/errors';
import { booleanOrText, numberOrText } from '../client/form';
import { UNSAFE_TEXT_MESSAGE, unsafeCharacter } from '../domain/text';
import { actorOf } from './auth';

/** Form fields of an upload, as text; the client's schema decides what each must be. */
const FIELD_NAMES = ['kind', 'ieltsScore', 'ieltsTestDate', 'englishConfirmedByStaff'];

/**
 * `POST /cases/:caseId/documents`, multipart: one `file` part and the fields above; the uploader is the
 * signed-in actor (an `actorId` or `actorRole` field is refused as unknown). The bytes are read up
 * to `maxBytes + 1` (the largest any kind accepts), so the document rules name a kind's own limit.
 */
export async function registerUploads(
  app: FastifyInstance,
  cases: CaseClient,
  maxBytes: number,
): Promise<void> {
  await app.register(multipart, {
    limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 1000 },
  });
  app.post<{ Params: { caseId: string } }>('/cases/:caseId/documents', async (req, reply) => {
    const { fields, file } = await readUploadForm(req, maxBytes);
    const upload = {
      kind: fields.kind,
      actor: actorOf(req),
      fileName: file.name,
      ...(fields.ieltsScore !== undefined ? { ieltsScore: numberOrText(fields.ieltsScore) } : {}),
      ...(fields.ieltsTestDate !== undefined ? { ieltsTestDate: fields.ieltsTestDate } : {}),
      ...(fields.englishConfirmedByStaff !== undefined
        ? { englishConfirmedByStaff: booleanOrText(fields.englishConfirmedByStaff) }
        : {}),
    };
    const result = await cases.upload(req.params.caseId, upload, file.bytes);
    return reply.status(201).send(result);
  });
}

/** The parts of an upload form: its known fields as text and its one file, refused naming what is wrong. */
export async function readUploadForm(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file: { name: string; bytes: Buffer } }> {
  if (!req.isMultipart()) {
    throw new CaseError('invalid', 'an upload is multipart/form-data with a "file" part', {
      issues: [{ path: '(body)', message: 'must be multipart/form-data' }],
    });
  }
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  for await (const part of readable(req.parts())) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw malformed(err);
        const message = `larger than ${maxBytes} bytes, more than any document may be`;
        throw invalidFields('upload refused (too_large)', [{ path: 'file', message }]);
      });
      file = { name: part.filename, bytes };
    } else if (FIELD_NAMES.includes(part.fieldname)) {
      fields[part.fieldname] = String(part.value);
    } else {
      throw new CaseError(
        'invalid',
        `unknown form field ${part.fieldname}; known: file, ${FIELD_NAMES.join(', ')}`,
        {
          issues: [{ path: part.fieldname, message: 'unknown field' }],
        },
      );
    }
  }
  for (const [path, text] of [...Object.entries(fields), ['file', file?.name ?? '']]) {
    const char = unsafeCharacter(text!);
    if (char)
      throw invalidFields('upload refused', [{ path: path!, message: `${UNSAFE_TEXT_MESSAGE} (${char})` }]);
  }
  if (!file) {
    throw new CaseError('invalid', 'file: an upload needs a "file" part', {
      issues: [{ path: 'file', message: 'required' }],
    });
  }
  return { fields, file };
}

/** The parts of a multipart body; a body that is not well-formed multipart is a 400 that says so. */
async function* readable<T>(parts: AsyncIterable<T>): AsyncIterable<T> {
  try {
    for await (const part of parts) yield part;
  } catch (err) {
    if (err instanceof CaseError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) throw err;
    throw malformed(err);
  }
}

function malformed(err: unknown): CaseError {
  return new CaseError('invalid', `(body): malformed multipart/form-data: ${(err as Error).message}`, {
    issues: [{ path: '(body)', message: 'malformed multipart/form-data' }],
  });
}
