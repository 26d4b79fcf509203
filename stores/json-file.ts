import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { describeIssues, fieldIssues } from '../domain/issues';

/** The file's text, or undefined when it does not exist yet. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Reads a store's JSON file and validates it with `schema`; a file that does not exist yet is `empty`.
 * A broken file fails naming the file (`what` says whose it is), the field and the rule.
 */
export async function readJsonFile<T>(
  file: string,
  schema: z.ZodType<T>,
  what: string,
  empty: T,
): Promise<T> {
  const text = await readIfExists(file);
  if (text === undefined) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${what} file ${file} is invalid at ${describeIssues(fieldIssues(parsed.error, '(file)'))}`,
    );
  }
  return parsed.data;
}

/**
 * Writes `content` as JSON through a temporary file in the same folder, flushed and then renamed over
 * the old file, so a reader in another process sees either the old or the new content, never half.
 */
export async function writeJsonAtomic(file: string, content: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Runs tasks one after another, so that read-modify-write cycles of one process do not interleave. */
export function serialiser(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}
