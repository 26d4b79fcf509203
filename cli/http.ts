import type { CaseErrorKind } from '../client/errors';
import { PAGE_LIMIT, type Page } from '../client/paging';
import { CliError } from './command';

/** How the API's status codes read to the CLI; anything else of 5xx is a failure of the server (exit 1). */
const KIND_OF_STATUS: Record<number, CaseErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  413: 'invalid',
  415: 'invalid',
  422: 'invalid',
  429: 'unavailable',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

/** The API answered with a failure it did not classify (a 500): the command failed, exit 1. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

type Query = Record<string, string | undefined>;

/**
 * The staff HTTP API as the CLI's case commands reach it, signed in with a bearer token: JSON in, JSON
 * out, and every refusal turned back into the CliError the server raised (kind, message, details).
 */
export function apiClient(baseUrl: string, token: string) {
  const base = baseUrl.replace(/\/$/, '');
  const send = async (
    method: string,
    path: string,
    body?: { json: unknown } | { form: FormData },
    bytes = false,
  ) => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body && 'json' in body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? ('json' in body ? JSON.stringify(body.json) : body.form) : undefined,
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(
        'unavailable',
        `the API at ${base} cannot be reached (${cause}); is the system running (npm start)? MOBILITY_API_URL names another`,
      );
    }
    if (bytes && res.ok) return new Uint8Array(await res.arrayBuffer());
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the message
    }
    if (res.ok) return parsed;
    const err = (parsed ?? {}) as { message?: unknown; details?: unknown };
    const message = typeof err.message === 'string' ? err.message : `HTTP ${res.status}`;
    const kind = KIND_OF_STATUS[res.status];
    if (!kind) throw new ServerError(`the API failed (HTTP ${res.status}): ${message}`, res.status);
    const hint = kind === 'unauthorized' ? '; sign in again: mobility login' : '';
    throw new CliError(kind, `${message}${hint}`, (err.details ?? {}) as CliError['details']);
  };
  const withQuery = (path: string, query: Query = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  return {
    baseUrl: base,
    get: (path: string, query?: Query) => send('GET', withQuery(path, query)),
    /** A file the API answers (a PDF): its bytes as they came. */
    getBytes: async (path: string, query?: Query) =>
      (await send('GET', withQuery(path, query), undefined, true)) as Uint8Array,
    /**
     * A list, page after page (each page's `next` as the following one's `cursor`), until `max` items;
     * `more` says that the list goes on past them. Pages of the largest size by default: fewest requests.
     */
    async getPages<T>(
      path: string,
      query: Query,
      max: number,
      pageSize: number = PAGE_LIMIT.max,
    ): Promise<{ items: T[]; more: boolean }> {
      const items: T[] = [];
      let cursor: string | undefined;
      for (;;) {
        const limit = String(Math.min(pageSize, max - items.length));
        const page = (await send('GET', withQuery(path, { ...query, limit, cursor }))) as Page<T>;
        items.push(...page.items);
        if (!page.next) return { items, more: false };
        if (items.length >= max) return { items, more: true };
        cursor = page.next;
      }
    },
    post: (path: string, json: unknown) => send('POST', path, { json }),
    postForm: (path: string, form: FormData) => send('POST', path, { form }),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** A path segment from what the user typed, so an id never changes the route. */
export const seg = (s: string) => encodeURIComponent(s);
