import { REFUSAL, type Refusal } from '../outgoing-case/conditions';

// One vocabulary of refusals for every machine; it lives with the outgoing case's conditions, where it began.
export { REFUSAL, type Refusal, type RefusalType } from '../outgoing-case/conditions';

export const conflict = (message: string): Refusal => ({ type: REFUSAL.actionNotAllowed, message });
export const invalidField = (path: string, message: string): Refusal => ({
  type: REFUSAL.invalidPayload,
  message: `invalid event: ${path}: ${message}`,
  issues: [{ path, message }],
});
