import { z } from 'zod';
import { PartnerAgreement, PartnerId } from '../../domain/agreement';
import { OpenCallRequest } from '../../domain/call';
import { CallAction } from '../../domain/call-events';
import { CallAuditEntry, CallRanking, CallView } from '../../domain/call-view';
import { CallId } from '../../domain/case';
import { CallListQuery } from '../../client/calls';
import { pageOf } from '../../client/paging';

type Ok = (
  status: number,
  schema: z.ZodType,
  codes: (400 | 403 | 404 | 409 | 415 | 503)[],
) => Record<number, z.ZodType>;

const CallParams = z.strictObject({ callId: CallId });

/** A call action as a caller sends it: the actor is the signed-in one. */
const CallActionBody = z.discriminatedUnion(
  'type',
  (CallAction.options as z.ZodObject[]).map((o) => o.omit({ actor: true })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);

const ResultsFormat = z.strictObject({
  format: z
    .enum(['json', 'csv', 'pdf'])
    .optional()
    .describe('json (default); csv: one row per applicant; pdf: the list for the notice board'),
});

/** The calls' and partner agreements' contracts (api/routes/calls.ts), merged into ROUTES by api/contracts.ts. */
export function callContracts(ok: Ok) {
  return {
    'POST /calls': {
      operationId: 'openCall',
      summary: 'Open a call (DI): a workflow that closes, ranks and allocates its places by itself',
      tags: ['calls'],
      body: OpenCallRequest.omit({ actor: true }),
      response: ok(201, CallView.describe('the call, as it stands'), [400, 403, 404, 409, 503]),
    },
    'GET /calls': {
      operationId: 'listCalls',
      summary: 'The calls, a page at a time: open before ended, newest first',
      tags: ['calls'],
      querystring: CallListQuery,
      response: ok(200, pageOf(CallView, 'calls'), [400, 503]),
    },
    'GET /calls/:callId': {
      operationId: 'getCall',
      summary: 'A call: its state, places taken and free, and the actions allowed now',
      tags: ['calls'],
      params: CallParams,
      response: ok(200, CallView, [400, 404, 503]),
    },
    'POST /calls/:callId/actions': {
      operationId: 'actOnCall',
      summary:
        "Act on a call (close, override one result with a reason, publish, finalise, cancel; a student answers a waitlist offer), validated by the call's machine",
      tags: ['calls'],
      params: CallParams,
      body: CallActionBody,
      response: ok(200, CallView.describe('the call after the action'), [400, 403, 404, 409, 503]),
    },
    'GET /calls/:callId/ranking': {
      operationId: 'getCallRanking',
      summary:
        "Every applicant's result with its rank and reason (staff); provisional while the call is open",
      tags: ['calls'],
      params: CallParams,
      response: ok(200, CallRanking, [400, 403, 404, 503]),
    },
    'GET /calls/:callId/results': {
      operationId: 'getCallResults',
      summary: "A call's results (staff): JSON, ?format=csv, or ?format=pdf for the notice board",
      tags: ['calls'],
      params: CallParams,
      querystring: ResultsFormat,
      response: ok(200, CallRanking, [400, 403, 404, 503]),
      produces: ['application/json', 'text/csv', 'application/pdf'],
    },
    'GET /calls/:callId/history': {
      operationId: 'getCallHistory',
      summary: "A call's audit trail (staff): every action and every change the call made by itself",
      tags: ['calls'],
      params: CallParams,
      response: ok(200, z.array(CallAuditEntry).describe('oldest first'), [400, 403, 404, 503]),
    },
    'GET /agreements': {
      operationId: 'listAgreements',
      summary: 'The partner agreements: places per semester and level, schools, contact',
      tags: ['calls'],
      response: ok(200, z.array(PartnerAgreement), []),
    },
    'GET /agreements/:partnerId': {
      operationId: 'getAgreement',
      summary: "One partner's agreement",
      tags: ['calls'],
      params: z.strictObject({ partnerId: PartnerId }),
      response: ok(200, PartnerAgreement, [400, 404]),
    },
  };
}
