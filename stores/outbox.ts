import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Language } from '../domain/notification';

/**
 * Where one message stands. `prepared`: written before the relay is contacted, nothing handed over yet;
 * `handed`: the whole message is on the wire and only the end-of-data dot is missing (written before the
 * dot is sent, so the relay cannot have accepted a message still `prepared`); `sent`: the relay said 250;
 * `failed`: the relay refused it for good (5xx), or it has no address.
 */
export type DeliveryState = 'prepared' | 'handed' | 'sent' | 'failed';

export interface OutboxRecord {
  /** `<caseId>/<messageKey>`: one per message a case asks for. */
  key: string;
  caseId: string;
  messageId: string;
  template: string;
  to: string;
  address: string;
  subject: string;
  language: Language;
  state: DeliveryState;
  /** Attempts that reached the relay (every one with the same Message-ID). */
  attempts: number;
  /** The relay's refusal or the last transient error. */
  error: string | null;
  /** A `sent` record whose 250 the worker never saw: it died after handing the message over. */
  unconfirmed: boolean;
  updatedAt: string;
}

/**
 * The delivery record of every message, kept apart from the workflow so a retried activity, in any
 * worker process, knows what a crashed one already handed to the relay. `put` returns only once the
 * record is durable.
 */
export interface OutboxStore {
  get(key: string): Promise<OutboxRecord | undefined>;
  put(record: OutboxRecord): Promise<void>;
  byCase(caseId: string): Promise<OutboxRecord[]>;
}

/**
 * The embedded outbox: an append-only JSON-lines file, fsynced on every write, read afresh on every
 * look-up so several worker processes on one machine see each other's records; the last line of a
 * key wins. A torn last line (a crash mid-write) is ignored: its write never returned.
 */
export function fileOutbox(path: string): OutboxStore {
  const all = async (): Promise<Map<string, OutboxRecord>> => {
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const out = new Map<string, OutboxRecord>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as OutboxRecord;
        out.set(r.key, r);
      } catch {
        // a line whose write did not complete
      }
    }
    return out;
  };
  return {
    get: async (key) => (await all()).get(key),
    byCase: async (caseId) => [...(await all()).values()].filter((r) => r.caseId === caseId),
    async put(record) {
      await mkdir(dirname(path), { recursive: true });
      const file = await open(path, 'a');
      try {
        await file.write(JSON.stringify(record) + '\n');
        await file.sync();
      } finally {
        await file.close();
      }
    },
  };
}
