import { join } from 'node:path';
import { z } from 'zod';
import { Call, callPolicyIssues, OPEN_CALL_ROLES, OpenCallRequest } from '../domain/call';
import type { Policy } from '../domain/policy';
import { readJsonFile, serialiser, writeJsonAtomic } from '../services/json-file';
import { CaseError, invalid, invalidFields } from './errors';

const CallsFile = z.object({ version: z.literal(1), calls: z.record(z.string(), Call) });

/** The calls the international office has opened. A case answers one of them and pins it at its start. */
export interface CallRegistry {
  open(request: unknown): Promise<Call>;
  get(callId: string): Promise<Call | null>;
  list(): Promise<Call[]>;
}

export interface CallRegistryDeps {
  file: string;
  policy: Policy;
  now?: () => Date;
}

/**
 * The embedded registry: every call in one JSON file (`DATA_DIR/calls.json`), written atomically.
 * A call, once opened, is not edited: cases have pinned it, so a correction is a new call.
 */
export function createFileCallRegistry({
  file,
  policy,
  now = () => new Date(),
}: CallRegistryDeps): CallRegistry {
  const serialised = serialiser();

  const load = () => readJsonFile(file, CallsFile, 'calls', { version: 1 as const, calls: {} });

  return {
    open(request) {
      const parsed = OpenCallRequest.safeParse(request);
      if (!parsed.success) return Promise.reject(invalid('invalid call', parsed.error));
      const { actor, ...fields } = parsed.data;
      if (!(OPEN_CALL_ROLES as readonly string[]).includes(actor.role)) {
        return Promise.reject(
          new CaseError(
            'forbidden',
            `role ${actor.role} may not open a call; it is for: ${OPEN_CALL_ROLES.join(', ')}`,
          ),
        );
      }
      const issues = callPolicyIssues(fields, policy);
      if (issues.length > 0) {
        return Promise.reject(invalidFields('invalid call', issues));
      }
      const call = Call.parse({ ...fields, openedBy: actor, openedAt: now().toISOString() });
      return serialised(async () => {
        const current = await load();
        if (Object.hasOwn(current.calls, call.id)) {
          throw new CaseError('conflict', `call ${call.id} is already open; a changed call needs a new id`);
        }
        await writeJsonAtomic(file, { version: 1, calls: { ...current.calls, [call.id]: call } });
        return call;
      });
    },
    async get(callId) {
      const { calls } = await load();
      return Object.hasOwn(calls, callId) ? calls[callId]! : null;
    },
    async list() {
      const { calls } = await load();
      return Object.values(calls).sort(
        (a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id),
      );
    },
  };
}

/** The embedded registry's file: `DATA_DIR/calls.json`. */
export function callsFile(dataDir: string): string {
  return join(dataDir, 'calls.json');
}
