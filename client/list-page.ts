import { createHash, timingSafeEqual } from 'node:crypto';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
// The SDK's own decoding of a listed execution (search attributes, status, times); `workflow.list` hides
// the page token, so a page is read from the service and decoded the way the SDK's iterator does.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { CaseError } from './errors';
import { PAGE_LIMIT, type Page } from './paging';

const cursorRefused = (why: string) => {
  const message = `${why}; list again without a cursor to start from the first page`;
  return new CaseError('invalid', `cursor: ${message}`, { issues: [{ path: 'cursor', message }] });
};

// The check ties a cursor to the list it came from (the kind of case and every filter, scope included):
// an edited, truncated or borrowed cursor is refused here, because Temporal answers a bad token with a
// bare UNKNOWN error.
const check = (listing: string, token: Buffer) =>
  createHash('sha256').update(listing).update('\0').update(token).digest().subarray(0, 16);

function encodeCursor(listing: string, token: Buffer): string {
  return `${token.toString('base64url')}.${check(listing, token).toString('base64url')}`;
}

function decodeCursor(listing: string, cursor: string): Buffer {
  const [token, sum, ...rest] = cursor.split('.');
  const b64url = /^[A-Za-z0-9_-]+$/;
  if (!token || !sum || rest.length || !b64url.test(token) || !b64url.test(sum)) {
    throw cursorRefused('not a cursor this API gave');
  }
  const bytes = Buffer.from(token, 'base64url');
  const given = Buffer.from(sum, 'base64url');
  const expected = check(listing, bytes);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw cursorRefused('not the cursor of this list (changed, or given with other filters)');
  }
  return bytes;
}

/**
 * One page of the executions `query` matches, in visibility's order (open before finished, newest first),
 * each as `toItem` makes it. `listing` names the list for the cursor's check: the same filters on every page.
 */
export async function listPage<T>(
  temporal: Client,
  query: string,
  listing: string,
  paging: { limit: number; cursor?: string },
  toItem: (wf: WorkflowExecutionInfo) => T,
): Promise<Page<T>> {
  const token = paging.cursor === undefined ? undefined : decodeCursor(listing, paging.cursor);
  let response;
  try {
    response = await temporal.workflowService.listWorkflowExecutions({
      namespace: temporal.options.namespace,
      query,
      pageSize: paging.limit,
      nextPageToken: token,
    });
  } catch (err) {
    // Only a cursor forged with a recomputed check gets here with a token the server cannot read: the
    // server answers it UNKNOWN or INVALID_ARGUMENT.
    const code = (err as { code?: unknown }).code;
    if (token && (code === 2 || code === 3)) throw cursorRefused('the server cannot continue from it');
    throw err;
  }
  const items: T[] = [];
  for (const raw of response.executions) {
    const info = await executionInfoFromRaw(
      raw,
      temporal.options.loadedDataConverter,
      raw,
      temporal.options.namespace,
    );
    items.push(toItem(info));
  }
  const nextToken = response.nextPageToken;
  return { items, next: nextToken?.length ? encodeCursor(listing, Buffer.from(nextToken)) : null };
}

/** Every item, page by page, up to `max` of them: for the console's views that read each case. */
export async function listAll<T>(
  page: (paging: { limit: number; cursor?: string }) => Promise<Page<T>>,
  max: number,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const { items, next } = await page({ limit: Math.min(PAGE_LIMIT.max, max - out.length), cursor });
    out.push(...items);
    cursor = next ?? undefined;
  } while (cursor && out.length < max);
  return out;
}
