import { z } from 'zod';
import { OpenCaseBody } from '../client/applications';
import { UploadFields } from '../client/documents';
import { CaseFilter } from '../client/listing';
import { pageOf } from '../client/paging';
import { CASE_ID_PATTERN } from '../domain/case';
import { CaseMessages } from '../domain/case-messages';
import { ActionResult, AuditEntry, CaseView } from '../domain/case-view';
import { PartnerId, ProgrammeCode } from '../domain/curriculum';
import { EligibilityRuleResult, EligibilityVerdict } from '../domain/eligibility';
import { CaseEvent, PartnerDocument } from '../domain/events';
import { CurriculumImport } from '../services/curricula';
import { EligibilityRequest } from '../services/eligibility';
import { CreditTransferRequest, CurriculumRequest, GrantRequest } from '../services/statements';
import { callContracts } from './routes/call-contracts';
import { IncomingCaseId, incomingContracts } from './routes/incoming-contracts';

/**
 * What each API route takes and answers, as zod: fastify validates requests with these (strict: an unknown
 * field is refused) and @fastify/swagger documents them in /openapi.json. The bodies are the services'
 * own contracts without what the access token supplies (the actor, a partner's id).
 */

// A rule's `seen` and `threshold` are any JSON value, a recursive schema: named components, referred to.
z.globalRegistry.add(EligibilityRuleResult.shape.seen, { id: 'RuleSeenValue' });
z.globalRegistry.add(EligibilityRuleResult.shape.threshold, { id: 'RuleThresholdValue' });

export const ErrorBody = z
  .object({
    error: z.enum([
      'invalid',
      'unauthorized',
      'forbidden',
      'notFound',
      'conflict',
      'unavailable',
      'internal',
    ]),
    message: z.string().describe('what was wrong, naming the field and the rule'),
    details: z
      .object({
        issues: z
          .array(z.object({ path: z.string(), message: z.string() }))
          .optional()
          .describe('one entry per refused field'),
      })
      .loose()
      .optional(),
  })
  .describe('a refusal');

const ERRORS = {
  400: 'invalid input: names the field and the rule; nothing changed',
  401: 'no valid access token (a WWW-Authenticate: Bearer challenge says why)',
  403: "not this role's or not in its scope (names the rule)",
  404: 'no such case, call or record',
  409: 'not allowed in the current state (names the state and what is allowed), or a duplicate',
  415: 'the content type is not one this route reads',
  503: 'Temporal (server or worker) or the identity provider is unavailable; retry after Retry-After seconds',
} as const;
type ErrorCode = keyof typeof ERRORS;

const errors = (codes: ErrorCode[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody.describe(ERRORS[c])]));

const CaseId = z.string().max(200).regex(CASE_ID_PATTERN, 'caseId must look like outgoing-<call>-<student>');
const Semester = z.coerce
  .number({ error: 'semester must be a whole number 1-12' })
  .int('semester must be a whole number 1-12')
  .min(1, 'semester must be a whole number 1-12')
  .max(12, 'semester must be a whole number 1-12');

const CaseParams = z.strictObject({ caseId: CaseId });
const PartnerParams = z.strictObject({ partnerId: PartnerId });

/** A case event as a caller sends it: the actor is the signed-in one. */
const ActionBody = z.discriminatedUnion(
  'type',
  (CaseEvent.options as z.ZodObject[]).map((o) => o.omit({ actor: true })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

const CaseSummary = z.object({
  caseId: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  track: z.string().nullable(),
  school: z.string().nullable(),
});
const Loose = (what: string) => z.object({}).loose().describe(what);
const Format = z.strictObject({
  format: z.enum(['json', 'pdf']).optional().describe('pdf: the signed statement as a PDF file'),
});

/** The multipart form of an upload: documented here, read by api/uploads.ts (the client's schema checks it). */
export const UploadForm = UploadFields.omit({ actor: true, fileName: true }).extend({
  file: z.string().describe('the document (binary); its file name is kept'),
});

export interface RouteContract {
  operationId: string;
  summary: string;
  tags: string[];
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** A multipart form: documented, not validated by fastify (the route reads its parts). */
  multipart?: z.ZodType;
  response: Record<number, z.ZodType>;
  /** Who may call it; by default a signed-in person or partner system. */
  security?: Record<string, string[]>[];
  /** The content types of a 200 other than JSON (a PDF, a CSV). */
  produces?: string[];
}

const ok = (status: number, schema: z.ZodType, codes: ErrorCode[]) => ({
  [status]: schema,
  ...errors([401, ...codes]),
});

/** Every API route, by `METHOD /path`; a route without an entry here fails to register (api/docs.ts). */
export const ROUTES: Record<string, RouteContract> = {
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Liveness: the API answers',
    tags: ['system'],
    response: { 200: z.object({ ok: z.literal(true) }) },
    security: [],
  },
  'GET /openapi.json': {
    operationId: 'getOpenApi',
    summary: 'This document',
    tags: ['system'],
    response: { 200: Loose('the OpenAPI 3.1 document') },
    security: [],
  },
  'POST /cases': {
    operationId: 'openCase',
    summary: "Open a case from the registrar's record (a student: their own; DI: by studentId)",
    tags: ['cases'],
    body: OpenCaseBody,
    response: ok(201, CaseView.describe('the new case'), [400, 403, 404, 409, 503]),
  },
  'GET /cases': {
    operationId: 'listCases',
    summary: "List cases by search attributes, within the caller's scope",
    tags: ['cases'],
    querystring: CaseFilter,
    response: ok(200, pageOf(CaseSummary, 'case summaries'), [400, 403, 503]),
  },
  'GET /cases/:caseId': {
    operationId: 'getCase',
    summary: 'Read a case, with the actions allowed now and to which roles',
    tags: ['cases'],
    params: CaseParams,
    response: ok(200, CaseView.describe('the case'), [400, 403, 404, 503]),
  },
  'POST /cases/:caseId/actions': {
    operationId: 'actOnCase',
    summary: 'Act on a case (a Temporal update, validated by the case machine before it is accepted)',
    tags: ['cases'],
    params: CaseParams,
    body: ActionBody,
    response: ok(
      200,
      ActionResult.describe('where the case stands after the action'),
      [400, 403, 404, 409, 503],
    ),
  },
  'GET /cases/:caseId/history': {
    operationId: 'getCaseHistory',
    summary: 'The audit trail of a case: every transition with time, actor, event, from, to, reason',
    tags: ['cases'],
    params: CaseParams,
    response: ok(200, z.array(AuditEntry).describe('the audit entries, oldest first'), [400, 403, 404, 503]),
  },
  'GET /cases/:caseId/credit-transfer-statement': {
    operationId: 'getCreditTransferStatement',
    summary:
      "The credit transfer statement (PDF) a case issued when the dean's office approved its credits (machine version 6)",
    tags: ['cases'],
    params: CaseParams,
    response: ok(200, z.string().describe('the PDF'), [400, 403, 404, 503]),
    produces: ['application/pdf'],
  },
  'GET /cases/:caseId/messages': {
    operationId: 'getCaseMessages',
    summary:
      "A case's mail: the reminders and escalations still to come, and every message asked for with its delivery state (a student: only their own)",
    tags: ['cases'],
    params: CaseParams,
    response: ok(200, CaseMessages.describe('upcoming timers and the messages'), [400, 403, 404, 503]),
  },
  'POST /cases/:caseId/documents': {
    operationId: 'uploadDocument',
    summary: 'Upload a document into a case (multipart: a "file" part and its fields)',
    tags: ['cases'],
    params: CaseParams,
    multipart: UploadForm,
    response: ok(
      201,
      Loose('the action result and the document verdict, rule by rule'),
      [400, 403, 404, 409, 415, 503],
    ),
  },
  'POST /cases/:caseId/partner-documents': {
    operationId: 'sendPartnerDocument',
    summary: "A partner's document the case awaits (the partner is the client-credentials token's)",
    tags: ['partners'],
    params: CaseParams,
    body: PartnerDocument.omit({ partnerId: true }),
    response: ok(202, z.object({ delivered: z.literal(true) }), [400, 403, 404, 409, 503]),
    security: [{ partnerClientCredentials: ['mobility'] }, { bearer: [] }],
  },
  ...callContracts(ok),
  'POST /eligibility': {
    operationId: 'checkEligibility',
    summary: 'The explained eligibility verdict of a student for a call, rule by rule',
    tags: ['calls'],
    body: EligibilityRequest,
    response: ok(200, EligibilityVerdict, [400, 403, 404, 503]),
  },
  'GET /inbox': {
    operationId: 'readInbox',
    summary: 'The local SMTP sink: every mail sent (staff; embedded mail only)',
    tags: ['system'],
    querystring: z.strictObject({
      to: z.string().max(320).optional().describe('a recipient address'),
      caseId: CaseId.or(IncomingCaseId).optional(),
    }),
    response: ok(200, z.array(Loose('a mail')), [400, 403, 404]),
  },
  'POST /curricula/kbtu': {
    operationId: 'importKbtuCurriculum',
    summary: 'Import the KBTU working curriculum (CSV or JSON text; all or nothing)',
    tags: ['curricula'],
    body: CurriculumImport.omit({ actor: true }),
    response: ok(201, Loose('what was loaded'), [400, 403]),
  },
  'POST /curricula/partners/:partnerId/catalogue': {
    operationId: 'importPartnerCatalogue',
    summary: "Import a partner's course catalogue (CSV or JSON text; all or nothing)",
    tags: ['curricula'],
    params: PartnerParams,
    body: CurriculumImport.omit({ actor: true }),
    response: ok(201, Loose('what was loaded'), [400, 403]),
  },
  'GET /curricula/kbtu/:programme/:semester': {
    operationId: 'getKbtuSemester',
    summary: "A programme's semester of the KBTU working curriculum",
    tags: ['curricula'],
    params: z.strictObject({ programme: ProgrammeCode, semester: Semester }),
    response: ok(200, Loose('the semester and its courses'), [400, 404]),
  },
  'GET /curricula/partners/:partnerId/catalogue': {
    operationId: 'getPartnerCatalogue',
    summary: "A partner's course catalogue",
    tags: ['curricula'],
    params: PartnerParams,
    response: ok(200, Loose('the catalogue'), [400, 404]),
  },
  'GET /curricula/partners/:partnerId/equivalences': {
    operationId: 'getEquivalences',
    summary: 'The equivalence register for a partner',
    tags: ['curricula'],
    params: PartnerParams,
    response: ok(200, z.array(Loose('an equivalence')), [400]),
  },
  'GET /curricula/partners/:partnerId/suggestions': {
    operationId: 'getSuggestions',
    summary: 'Suggested matches of KBTU courses to partner courses for a programme and semester',
    tags: ['curricula'],
    params: PartnerParams,
    querystring: z.strictObject({ programme: ProgrammeCode, semester: Semester }),
    response: ok(200, z.array(Loose('a suggestion')), [400, 404]),
  },
  'POST /statements/individual-curriculum': {
    operationId: 'individualCurriculum',
    summary: 'The individual curriculum with its retake list (JSON, or ?format=pdf)',
    tags: ['statements'],
    querystring: Format,
    body: CurriculumRequest,
    response: ok(200, Loose('the individual curriculum'), [400, 404]),
    produces: ['application/json', 'application/pdf'],
  },
  'POST /statements/credit-transfer': {
    operationId: 'creditTransfer',
    summary: "The credit transfer from a partner's transcript (JSON, or ?format=pdf)",
    tags: ['statements'],
    querystring: Format,
    body: CreditTransferRequest,
    response: ok(200, Loose('the credit transfer'), [400, 404]),
    produces: ['application/json', 'application/pdf'],
  },
  ...incomingContracts(ok),
  'POST /statements/grant': {
    operationId: 'grantReconciliation',
    summary: 'The MSHE grant reconciliation per category (JSON, or ?format=pdf)',
    tags: ['statements'],
    querystring: Format,
    body: GrantRequest,
    response: ok(200, Loose('the reconciliation'), [400]),
    produces: ['application/json', 'application/pdf'],
  },
};
