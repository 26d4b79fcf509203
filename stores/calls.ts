import { join } from 'node:path';
import { z } from 'zod';
import { Call } from '../domain/call';
import { readJsonFile, serialiser, writeJsonAtomic } from './json-file';

const CallsFile = z.object({ version: z.literal(1), calls: z.record(z.string(), Call) });

/**
 * Where the calls the international office has opened are kept. The store keeps calls; the rules for
 * opening one (roles, the policy) are the call registry's (services/calls.ts).
 */
export interface CallStore {
  get(callId: string): Promise<Call | null>;
  /** Every call, oldest first. */
  list(): Promise<Call[]>;
  /** Adds a call; false, and nothing written, when a call with this id is already kept. */
  insert(call: Call): Promise<boolean>;
}

/**
 * The embedded store: every call in one JSON file (`DATA_DIR/calls.json`), written atomically.
 * A call, once opened, is not edited: cases have pinned it, so a correction is a new call.
 */
export function createFileCallStore({ file }: { file: string }): CallStore {
  const serialised = serialiser();

  const load = () => readJsonFile(file, CallsFile, 'calls', { version: 1 as const, calls: {} });

  return {
    insert(call) {
      return serialised(async () => {
        const current = await load();
        if (Object.hasOwn(current.calls, call.id)) return false;
        await writeJsonAtomic(file, { version: 1, calls: { ...current.calls, [call.id]: call } });
        return true;
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

/** The embedded store's file: `DATA_DIR/calls.json`. */
export function callsFile(dataDir: string): string {
  return join(dataDir, 'calls.json');
}
