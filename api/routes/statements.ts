import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Statements } from '../../services/statements';

type Format = { Querystring: { format?: string } };

const pdf = (reply: FastifyReply, name: string, bytes: Uint8Array) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${name}.pdf"`)
    .send(Buffer.from(bytes));

/**
 * The after-selection calculations on real data, as JSON or, with `?format=pdf`, as the statement:
 * the individual curriculum with its retake list, the credit transfer from a partner transcript, and
 * the MSHE grant reconciliation per category.
 */
export function registerStatements(app: FastifyInstance, statements: Statements): void {
  app.post<Format>('/statements/individual-curriculum', async (req, reply) =>
    req.query.format === 'pdf'
      ? pdf(reply, 'individual-curriculum', await statements.curriculumPdf(req.body))
      : statements.curriculum(req.body),
  );
  app.post<Format>('/statements/credit-transfer', async (req, reply) =>
    req.query.format === 'pdf'
      ? pdf(reply, 'credit-transfer', await statements.transferPdf(req.body))
      : statements.transfer(req.body),
  );
  app.post<Format>('/statements/grant', async (req, reply) =>
    req.query.format === 'pdf'
      ? pdf(reply, 'grant-reconciliation', await statements.grantPdf(req.body))
      : statements.grant(req.body),
  );
}
