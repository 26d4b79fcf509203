import type { CaseSummary } from '../client/cases';
import type { Page } from '../client/paging';
import type { CaseView, Deadline } from '../domain/case-view';
import { maySee, scopeFilter, type SignedIn } from './identity';
import { pagingOf } from './pages';

/** What the console reads of the case client (client/cases.ts). */
export interface Cases {
  page(filter: unknown): Promise<Page<CaseSummary>>;
  list(filter: Record<string, unknown>, max: number): Promise<CaseSummary[]>;
  get(caseId: string): Promise<CaseView>;
}

/** How many cases "My work" reads at most, each by its own query. */
const MY_WORK_MAX = 500;

/** A case waiting for someone: what they may do now, and the deadline that makes it urgent. */
export interface WorkItem {
  summary: CaseSummary;
  view: CaseView;
  actions: string[];
  deadline: Deadline | null;
  overdue: boolean;
}

/** Reads views a few at a time: a list of hundreds of cases must not open hundreds of queries at once. */
export async function readEach<T>(
  caseIds: string[],
  read: (caseId: string) => Promise<T>,
  width = 8,
): Promise<(T | null)[]> {
  const out: (T | null)[] = new Array(caseIds.length).fill(null);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < caseIds.length; i = next++) {
      out[i] = await read(caseIds[i]!).catch(() => null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, caseIds.length) }, lane));
  return out;
}

const views = (cases: Cases, summaries: CaseSummary[]) =>
  readEach(
    summaries.map((s) => s.caseId),
    (id) => cases.get(id),
  );

export const earliest = (deadlines: Deadline[]) =>
  [...deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;

/**
 * "My work": the open cases in this person's scope whose machine accepts an action from their role now
 * (the case's own allowedActions, the same list the validator answers to), overdue first, then by the
 * nearest deadline, then the oldest case. A student's are all their own cases.
 */
export async function myWork(cases: Cases, who: SignedIn, now: Date): Promise<WorkItem[]> {
  // A student follows every application of theirs, also the ended ones and those waiting for staff.
  const student = who.actor.role === 'student';
  const summaries = await cases.list(
    { ...(student ? {} : { status: 'open' }), ...scopeFilter(who) },
    MY_WORK_MAX,
  );
  const read = await views(cases, summaries);
  const items: WorkItem[] = [];
  summaries.forEach((summary, i) => {
    const view = read[i];
    if (!view || !maySee(who, view)) return;
    const actions = view.allowedActions
      .filter((a) => a.roles.includes(who.actor.role))
      .map((a) => a.type)
      .filter((t) => t !== 'WITHDRAW' && t !== 'CANCEL');
    if (!actions.length && !student) return;
    const deadline = earliest(view.deadlines);
    items.push({
      summary,
      view,
      actions,
      deadline,
      overdue: !!deadline && Date.parse(deadline.dueAt) < +now,
    });
  });
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.deadline?.dueAt ?? '9999').localeCompare(b.deadline?.dueAt ?? '9999') ||
      a.summary.openedAt.localeCompare(b.summary.openedAt),
  );
}

/** Filters of the case list, as the page's form sends them (a repeated one arrives as a list). */
export type ListQuery = Partial<
  Record<
    'stage' | 'track' | 'school' | 'callId' | 'studentId' | 'status' | 'overdue' | 'limit' | 'cursor',
    string | string[]
  >
>;

/**
 * The filters of the case list within the person's scope (which overrides what the form asks for), and
 * "overdue" as the NextDeadline attribute already passed.
 */
function listFilter(who: SignedIn, query: ListQuery): Record<string, unknown> {
  const filter: Record<string, string | string[]> = {};
  for (const key of ['stage', 'track', 'school', 'callId', 'studentId', 'status'] as const) {
    // A repeated filter (`?stage=a&stage=b`) is passed on as the list it is, for the filter to refuse.
    const raw = query[key];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value?.length) filter[key] = value;
  }
  if (query.overdue === 'on' || query.overdue === 'true') filter.overdue = 'true';
  return { ...filter, ...scopeFilter(who) };
}

/** A partner's scope is the nomination, which is in the case, not in its search attributes. */
async function inScope(cases: Cases, who: SignedIn, listed: CaseSummary[]): Promise<CaseSummary[]> {
  if (who.actor.role !== 'partner') return listed;
  const read = await views(cases, listed);
  return listed.filter((_, i) => read[i] && maySee(who, read[i]!));
}

/** One page of the case list over the search attributes; `query.cursor` is the previous page's `next`. */
export async function listCases(cases: Cases, who: SignedIn, query: ListQuery): Promise<Page<CaseSummary>> {
  const { items, next } = await cases.page({ ...listFilter(who, query), ...pagingOf(query) });
  return { items: await inScope(cases, who, items), next };
}

/** Every case of the list, all pages (the CSV export: the whole list its filters match, not one page). */
export async function exportCases(cases: Cases, who: SignedIn, query: ListQuery): Promise<CaseSummary[]> {
  return inScope(cases, who, await cases.list(listFilter(who, query), Infinity));
}
