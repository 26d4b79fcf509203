import { z } from 'zod';
import { IncomingFilter } from '../../client/incoming-listing';
import { pageOf } from '../../client/paging';
import { CaseMessages } from '../../domain/case-messages';
import { DocumentKind } from '../../domain/document';
import {
  INCOMING_CASE_ID,
  IncomingActionResult,
  IncomingAuditEntry,
  IncomingCaseView,
  IncomingEvent,
  IssuedDocument,
  NominationRequest,
} from '../../domain/incoming';
import { PartnerId } from '../../domain/incoming-policy';

type Ok = (
  status: number,
  schema: z.ZodType,
  codes: (400 | 403 | 404 | 409 | 415 | 503)[],
) => Record<number, z.ZodType>;

export const IncomingCaseId = z
  .string()
  .max(200)
  .regex(INCOMING_CASE_ID, 'caseId must look like incoming-<partner>-<semester>-<student>');
const CaseParams = z.strictObject({ caseId: IncomingCaseId });

/** A nomination as a caller sends it: the actor is the token's; a partner's system names no partner. */
const NominationBody = NominationRequest.omit({ actor: true }).extend({
  partnerId: PartnerId.optional().describe("DI: the partner nominating; a partner's system: its own or none"),
});

const NominationsCsv = z.strictObject({
  content: z
    .string()
    .min(1)
    .describe(
      'the CSV text: a header of partnerId (DI only), semester, school, partnerStudentId, givenName, familyName, birthDate, citizenship, email, passportNumber, passportExpiresOn, level, field; one nomination a row',
    ),
});

/** An incoming case event as a caller sends it: the actor is the signed-in one. */
const ActionBody = z.discriminatedUnion(
  'type',
  (IncomingEvent.options as z.ZodObject[]).map((o) => o.omit({ actor: true })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

const Summary = z.object({
  caseId: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  partnerId: z.string().nullable(),
  school: z.string().nullable(),
  visaRequired: z.boolean().nullable(),
  nextDeadline: z.string().nullable(),
  openedAt: z.string(),
});

const partnerOrBearer: Record<string, string[]>[] = [
  { partnerClientCredentials: ['mobility'] },
  { bearer: [] },
];

/** The incoming routes' contracts (api/routes/incoming.ts), merged into ROUTES by api/contracts.ts. */
export function incomingContracts(ok: Ok) {
  return {
    'POST /incoming/nominations': {
      operationId: 'nominateIncoming',
      summary: "Nominate a partner's student (the partner's system, or DI naming the partner)",
      tags: ['incoming'],
      body: NominationBody,
      response: ok(201, IncomingCaseView.describe('the new incoming case'), [400, 403, 409, 503]),
      security: partnerOrBearer,
    },
    'POST /incoming/nominations/csv': {
      operationId: 'nominateIncomingCsv',
      summary: 'Nominate many students from a CSV: all or nothing, each problem by line and column',
      tags: ['incoming'],
      body: NominationsCsv,
      response: ok(
        201,
        z.object({ ok: z.literal(true), cases: z.array(z.object({ line: z.number(), caseId: z.string() })) }),
        [400, 403, 503],
      ),
      security: partnerOrBearer,
    },
    'GET /incoming/cases': {
      operationId: 'listIncomingCases',
      summary: "List incoming cases (partner, school, visa, stage, overdue) within the caller's scope",
      tags: ['incoming'],
      querystring: IncomingFilter,
      response: ok(200, pageOf(Summary, 'incoming case summaries'), [400, 403, 503]),
      security: partnerOrBearer,
    },
    'GET /incoming/cases/:caseId': {
      operationId: 'getIncomingCase',
      summary: 'Read an incoming case (the passport masked), with the actions allowed now',
      tags: ['incoming'],
      params: CaseParams,
      response: ok(200, IncomingCaseView, [400, 403, 404, 503]),
      security: partnerOrBearer,
    },
    'GET /incoming/cases/:caseId/history': {
      operationId: 'getIncomingCaseHistory',
      summary: 'The audit trail of an incoming case',
      tags: ['incoming'],
      params: CaseParams,
      response: ok(200, z.array(IncomingAuditEntry), [400, 403, 404, 503]),
      security: partnerOrBearer,
    },
    'GET /incoming/cases/:caseId/messages': {
      operationId: 'getIncomingCaseMessages',
      summary:
        "An incoming case's mail: the reminders and escalations still to come, and every message asked for with its delivery state (a student or partner: only their own)",
      tags: ['incoming'],
      params: CaseParams,
      response: ok(200, CaseMessages, [400, 403, 404, 503]),
      security: partnerOrBearer,
    },
    'GET /incoming/cases/:caseId/issued/:document': {
      operationId: 'getIncomingIssuedDocument',
      summary:
        'A PDF KBTU made for an incoming case: its invitation letter (version 2 cases) or its transcript',
      tags: ['incoming'],
      params: CaseParams.extend({ document: IssuedDocument }),
      response: ok(200, z.string().describe('the PDF'), [400, 403, 404, 503]),
      produces: ['application/pdf'],
      security: partnerOrBearer,
    },
    'POST /incoming/cases/:caseId/actions': {
      operationId: 'actOnIncomingCase',
      summary: 'Act on an incoming case (a Temporal update, validated by the incoming machine)',
      tags: ['incoming'],
      params: CaseParams,
      body: ActionBody,
      response: ok(200, IncomingActionResult, [400, 403, 404, 409, 503]),
      security: partnerOrBearer,
    },
    'POST /incoming/cases/:caseId/documents': {
      operationId: 'uploadIncomingDocument',
      summary: 'Upload a document of the incoming checklist (multipart: a "file" part and its "kind")',
      tags: ['incoming'],
      params: CaseParams,
      multipart: z.object({ kind: DocumentKind, file: z.string().describe('the document (binary)') }),
      response: ok(
        201,
        z.object({}).loose().describe('the action result and the verdict'),
        [400, 403, 404, 409, 415, 503],
      ),
      security: partnerOrBearer,
    },
  };
}
