import { setTimeout as delay } from 'node:timers/promises';

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(100);
  }
}

interface Handle {
  describe(): Promise<{ raw: { pendingActivities?: unknown[] | null } }>;
  fetchHistory(): Promise<{ events?: { eventType?: number | null }[] | null }>;
}

/** EVENT_TYPE_WORKFLOW_TASK_COMPLETED in Temporal's enum. */
const WORKFLOW_TASK_COMPLETED = 7;

/**
 * Waits until a case's workflow has nothing in flight (no activity pending, its last workflow task
 * completed) and returns the length of its history: the point from which "nothing changed" is measured.
 */
export async function idleHistoryLength(handle: Handle): Promise<number> {
  // Generous: on a loaded 2-core machine the case's last mails can take a while to settle.
  return waitFor(
    'the workflow to be idle',
    async () => {
      const { raw } = await handle.describe();
      const events = (await handle.fetchHistory()).events ?? [];
      const idle =
        (raw.pendingActivities ?? []).length === 0 && events.at(-1)?.eventType === WORKFLOW_TASK_COMPLETED;
      return idle ? events.length : undefined;
    },
    60_000,
  );
}
