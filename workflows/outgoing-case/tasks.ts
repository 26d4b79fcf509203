import { Office } from '../../domain/notification';
import { existsForVersion } from '../../machines/outgoing-case/conditions';
import { DECLARED } from '../../machines/outgoing-case/transitions';
import type { OutgoingCaseSnapshot } from '../../machines/outgoing-case/view';

/** What an office may do on a case without the case waiting for it: never a task of its own. */
const NOT_TASKS = new Set(['EXTEND_DEADLINE', 'RESEND_MESSAGE']);

/**
 * What each office may do now in the states the case is in: the events of the active states' own
 * transitions (not the root's, such as CANCEL, which every state allows), by the offices their `may`
 * guards name. An office listed here is one the case waits for.
 */
export function officeTasks(s: OutgoingCaseSnapshot): Map<Office, string[]> {
  const out = new Map<Office, Set<string>>();
  for (const t of DECLARED) {
    if (!t.may || (typeof t.source === 'object' && Object.keys(t.source).length === 0)) continue;
    if (NOT_TASKS.has(t.type) || !s.matches(t.source as never)) continue;
    if (!existsForVersion(s.context, t.may.conditions)) continue;
    for (const role of t.may.roles) {
      const office = Office.safeParse(role);
      if (!office.success) continue;
      const events = out.get(office.data) ?? new Set<string>();
      events.add(t.type);
      out.set(office.data, events);
    }
  }
  return new Map([...out].map(([office, events]) => [office, [...events].sort()]));
}

/** The offices whose tasks changed between two moments, with their new tasks: each is told once. */
export function newTasks(before: Map<Office, string[]>, after: Map<Office, string[]>): [Office, string[]][] {
  return [...after].filter(([office, events]) => before.get(office)?.join() !== events.join());
}
