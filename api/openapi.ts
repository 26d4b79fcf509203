import { z } from 'zod';
import { OpenCaseRequest } from '../domain/case';
import { ActionResult, AuditEntry, CaseView } from '../domain/case-view';
import { CaseEvent, PartnerDocument } from '../domain/events';
import { CaseFilter } from '../client/listing';
import { EligibilityRequest } from '../services/eligibility';
import { EligibilityVerdict } from '../domain/eligibility';
import { Call, OpenCallRequest } from '../domain/call';
import { DocumentKind, DocumentVerdict } from '../domain/document';
import { Role } from '../domain/actor';

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const ErrorBody = z.object({
  error: z.enum(['invalid', 'forbidden', 'notFound', 'conflict']),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: json(ErrorBody, 'output') }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input: names the field and the rule',
  403: "the actor's role may not send this action, or the case is not the actor's (a student's own, a partner's nominated)",
  404: 'no such case (or, for eligibility, no registrar record of the student)',
  409: 'not allowed in the current state (names the state and what is allowed), or a duplicate case',
};
const caseIdParam = { name: 'caseId', in: 'path', required: true, schema: { type: 'string' } };

/** The staff API's OpenAPI document, generated from the same zod contracts the handlers use. */
export function openApiDocument() {
  const filterParams = Object.keys(CaseFilter.shape).map((name) => ({
    name,
    in: 'query',
    required: false,
    schema: { type: 'string' },
  }));
  return {
    openapi: '3.1.0',
    info: { title: 'KBTU mobility cases', version: '1.0.0' },
    paths: {
      '/cases': {
        post: {
          summary: 'Open an outgoing mobility case',
          requestBody: { required: true, content: json(OpenCaseRequest, 'input') },
          responses: {
            '201': { description: 'the new case', content: json(CaseView, 'output') },
            ...errors(400, 403, 409),
          },
        },
        get: {
          summary: 'List and filter cases (Temporal visibility)',
          parameters: filterParams,
          responses: { '200': { description: 'case summaries' }, ...errors(400) },
        },
      },
      '/cases/{caseId}': {
        get: {
          summary: 'Read a case, with the actions allowed now and to which roles',
          parameters: [caseIdParam],
          responses: {
            '200': { description: 'the case', content: json(CaseView, 'output') },
            ...errors(400, 404),
          },
        },
      },
      '/cases/{caseId}/actions': {
        post: {
          summary: 'Act on a case (a Temporal update, validated before it is accepted)',
          parameters: [caseIdParam],
          requestBody: { required: true, content: json(CaseEvent, 'input') },
          responses: {
            '200': {
              description: 'where the case stands after the action',
              content: json(ActionResult, 'output'),
            },
            ...errors(400, 403, 404, 409),
          },
        },
      },
      '/cases/{caseId}/documents': {
        post: {
          summary:
            "Upload a document into the case: screened, stored by its sha256, checked, and put on the track's checklist",
          parameters: [caseIdParam],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file', 'kind', 'actorId', 'actorRole'],
                  properties: {
                    file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' },
                    kind: z.toJSONSchema(DocumentKind),
                    actorId: { type: 'string' },
                    actorRole: z.toJSONSchema(Role),
                    ieltsScore: {
                      type: 'string',
                      description: 'IELTS certificate: the band, as staff read it',
                    },
                    ieltsTestDate: {
                      type: 'string',
                      description: 'IELTS certificate: the test date, YYYY-MM-DD',
                    },
                    englishConfirmedByStaff: { type: 'string', enum: ['true', 'false'] },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'the verdict on the document and where the case stands after it',
              content: json(z.object({ result: ActionResult, verdict: DocumentVerdict }), 'output'),
            },
            ...errors(400, 403, 404, 409),
          },
        },
      },
      '/cases/{caseId}/history': {
        get: {
          summary: "The case's audit trail",
          parameters: [caseIdParam],
          responses: {
            '200': {
              description: 'audit entries, oldest first',
              content: json(z.array(AuditEntry), 'output'),
            },
            ...errors(400, 404),
          },
        },
      },
      '/cases/{caseId}/partner-documents': {
        post: {
          summary:
            "A partner's document arrived (a signal): applied if the case awaits it, otherwise noted in its history",
          parameters: [caseIdParam],
          requestBody: { required: true, content: json(PartnerDocument, 'input') },
          responses: { '202': { description: 'delivered to the case' }, ...errors(400, 404) },
        },
      },
      '/calls': {
        post: {
          summary: 'Open a call for applications (DI); MSHE and Erasmus+ calls carry their own dates',
          requestBody: { required: true, content: json(OpenCallRequest, 'input') },
          responses: {
            '201': { description: 'the call', content: json(Call, 'output') },
            ...errors(400, 403, 409),
          },
        },
        get: {
          summary: 'The calls opened so far',
          responses: { '200': { description: 'calls', content: json(z.array(Call), 'output') } },
        },
      },
      '/calls/{callId}': {
        get: {
          summary: 'One call',
          parameters: [{ name: 'callId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the call', content: json(Call, 'output') }, ...errors(404) },
        },
      },
      '/calls/{callId}/ranking': {
        get: {
          summary:
            "The call's eligible applicants (its cases in competition) in the policy's ranking order, each with its rank, reason and whether it is within the places",
          parameters: [{ name: 'callId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the ranking' }, ...errors(404) },
        },
      },
      '/eligibility': {
        post: {
          summary: 'Explain, rule by rule, whether a student may apply to a call (registrar record + policy)',
          requestBody: { required: true, content: json(EligibilityRequest, 'input') },
          responses: {
            '200': { description: 'the verdict', content: json(EligibilityVerdict, 'output') },
            ...errors(400, 404),
          },
        },
      },
      '/inbox': {
        get: {
          summary: 'Messages in the local SMTP sink (embedded default only)',
          parameters: [
            { name: 'to', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'caseId', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'messages, newest first' } },
        },
      },
    },
  };
}
