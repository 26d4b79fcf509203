import { z } from 'zod';
import { Actor } from './actor';
import { ResultOutcome } from './call-applicant';

const Reason = z.string().trim().min(3, 'reason must say why, in at least 3 characters').max(2000);
const CaseRef = z.string().regex(/^outgoing-[a-z0-9-]+$/, 'caseId must look like outgoing-<call>-<student>');

function action<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({
    type: z.literal(type),
    actor: Actor,
    note: z.string().max(2000).optional(),
    ...shape,
  });
}

/** Every action staff and students take on a call. The call's machine decides where each is allowed. */
export const CallAction = z.discriminatedUnion('type', [
  action('OPEN', {}),
  action('CLOSE', {}),
  action('OVERRIDE', {
    caseId: CaseRef,
    outcome: ResultOutcome,
    placeId: z.string().optional().describe('selected: the place the applicant is given'),
    reason: Reason,
  }),
  action('PUBLISH', {}),
  action('FINALISE', {}),
  action('CANCEL', { reason: Reason }),
  action('ACCEPT_OFFER', { caseId: CaseRef }),
  action('DECLINE_OFFER', { caseId: CaseRef }),
]);
export type CallAction = z.infer<typeof CallAction>;
export type CallActionType = CallAction['type'];
export const CALL_ACTION_TYPES = CallAction.options.map((o) => o.shape.type.value) as CallActionType[];
