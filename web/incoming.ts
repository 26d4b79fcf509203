import { CaseError } from '../client/errors';
import type { IncomingSummary } from '../client/incoming-listing';
import type { Page } from '../client/paging';
import type { Deadline } from '../domain/case-view';
import type { IncomingCaseView } from '../domain/incoming';
import { mayReadIncoming, scopedIncomingFilter } from '../services/incoming-scope';
import type { SignedIn } from './identity';
import { pagingOf } from './pages';
import { earliest, readEach } from './work';

/** What the incoming pages read of the incoming client (client/incoming.ts). */
export interface IncomingCases {
  page(filter: unknown): Promise<Page<IncomingSummary>>;
  list(filter: Record<string, unknown>, max: number): Promise<IncomingSummary[]>;
  get(caseId: string): Promise<IncomingCaseView>;
}

/** The incoming case as this person may see it; one out of their scope reads as one that does not exist. */
export async function visibleIncoming(
  incoming: IncomingCases,
  who: SignedIn,
  caseId: string,
): Promise<IncomingCaseView> {
  const view = await incoming.get(caseId);
  if (!mayReadIncoming(who.actor, view)) throw new CaseError('notFound', `no case ${caseId}`);
  return view;
}

/** Filters of the incoming list, as the page's form sends them (a repeated one arrives as a list). */
export type IncomingListQuery = Partial<
  Record<
    'stage' | 'partnerId' | 'school' | 'visaRequired' | 'status' | 'overdue' | 'limit' | 'cursor',
    string | string[]
  >
>;

/** A filter's one value; a repeated filter (`?stage=a&stage=b`) is a list, passed on for the filter to refuse. */
const valueOf = (v: string | string[] | undefined) => (typeof v === 'string' ? v.trim() : v);

/** A scope that lists nothing: a student reads their own incoming case by its address, from the mail. */
const listsNothing = (who: SignedIn) => who.actor.role === 'student';

/**
 * A page of the incoming list within the person's scope: what the form asks for, with the partner or
 * school the scope pins put over it (as the outgoing list does); `query.cursor` is the last page's `next`.
 */
export async function listIncoming(
  incoming: IncomingCases,
  who: SignedIn,
  query: IncomingListQuery,
): Promise<Page<IncomingSummary>> {
  if (listsNothing(who)) return { items: [], next: null };
  const filter: Record<string, string | string[]> = {};
  for (const key of ['stage', 'partnerId', 'school', 'visaRequired', 'status'] as const) {
    const value = valueOf(query[key]);
    if (value?.length) filter[key] = value;
  }
  if (query.overdue === 'on' || query.overdue === 'true') filter.overdue = 'true';
  Object.assign(filter, pagingOf(query));
  if (who.actor.role === 'partner') delete filter.partnerId;
  if (who.actor.role === 'dean_office') delete filter.school;
  return incoming.page(scopedIncomingFilter(who.actor, filter));
}

/** An incoming case waiting for someone: what they may do now and its nearest deadline. */
export interface IncomingWorkItem {
  summary: IncomingSummary;
  view: IncomingCaseView;
  actions: string[];
  deadline: Deadline | null;
  overdue: boolean;
}

/** How many incoming cases "My work" reads at most, each by its own query. */
const MY_WORK_MAX = 500;

/** Ways out of a case are always there; they are no task waiting for anyone. */
const ENDINGS = new Set(['WITHDRAW', 'CANCEL', 'REJECT_NOMINATION']);

/**
 * The incoming half of "My work": the open incoming cases in the person's scope whose machine accepts an
 * action from their role now, overdue first, then by the nearest deadline.
 */
export async function incomingWork(
  incoming: IncomingCases,
  who: SignedIn,
  now: Date,
): Promise<IncomingWorkItem[]> {
  if (listsNothing(who) || who.actor.role === 'auditor') return [];
  const summaries = await incoming.list(scopedIncomingFilter(who.actor, { status: 'open' }), MY_WORK_MAX);
  const read = await readEach(
    summaries.map((s) => s.caseId),
    (id) => incoming.get(id),
  );
  const items: IncomingWorkItem[] = [];
  summaries.forEach((summary, i) => {
    const view = read[i];
    if (!view || !mayReadIncoming(who.actor, view)) return;
    const actions = view.allowedActions
      .filter((a) => a.roles.includes(who.actor.role) && !ENDINGS.has(a.type))
      .map((a) => a.type);
    if (!actions.length) return;
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
