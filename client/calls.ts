import type { Call } from '../domain/call';

/**
 * The calls the international office has opened, as the staff interfaces and the case client use them.
 * A case answers one of them and pins it at its start. Implemented over a call store in services/calls.ts.
 */
export interface CallRegistry {
  open(request: unknown): Promise<Call>;
  get(callId: string): Promise<Call | null>;
  list(): Promise<Call[]>;
}
