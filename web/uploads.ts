import type { FastifyRequest } from 'fastify';
import { CaseError } from '../client/errors';

/**
 * The upload form of a case page: one chosen file and the form's text fields. A request that is no upload,
 * holds no file or a file above the limit is refused naming the field, never read into a 5xx.
 */
export async function readUpload(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file: { name: string; bytes: Buffer } }> {
  if (!req.isMultipart()) throw new CaseError('invalid', 'file: an upload is a file chosen in the form');
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch(() => {
        throw new CaseError('invalid', `file: larger than ${maxBytes} bytes`);
      });
      if (part.filename) file = { name: part.filename, bytes };
    } else fields[part.fieldname] = String(part.value);
  }
  if (!file) throw new CaseError('invalid', 'file: choose a file to upload');
  return { fields, file };
}
