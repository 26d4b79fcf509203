import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Remembers which (case, message key) pairs were sent, so a retried activity does not send twice. */
export interface SentLedger {
  has(key: string): Promise<boolean>;
  record(key: string, messageId: string): Promise<void>;
}

/** A ledger in an append-only JSON-lines file: enough for one worker machine. */
export function fileLedger(path: string): SentLedger {
  let keys: Set<string> | undefined;
  const load = async (): Promise<Set<string>> => {
    if (keys) return keys;
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    keys = new Set(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { key: string }).key),
    );
    return keys;
  };
  return {
    has: async (key) => (await load()).has(key),
    record: async (key, messageId) => {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, JSON.stringify({ key, messageId, at: new Date().toISOString() }) + '\n');
      (await load()).add(key);
    },
  };
}
