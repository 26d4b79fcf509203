import type { Actor } from '../domain/actor';
import type { Equivalence, KbtuCourse, PartnerCourse } from '../domain/curriculum';
import type { CaseEvent } from '../domain/events';
import { CaseError } from './errors';

/** Where the server reads the curricula an individual curriculum is computed from, and keeps its matches. */
export interface CurriculumSource {
  semester(programme: string, semester: number): Promise<KbtuCourse[]>;
  catalogue(partnerId: string): Promise<PartnerCourse[]>;
  /** The equivalence register: an agreed curriculum's matches, suggested the next time. */
  recordEquivalences(entries: Equivalence[]): Promise<void>;
}

type Agreement = Extract<CaseEvent, { type: 'AGREE_CURRICULUM' }>;
const withMatches = (e: CaseEvent): e is Agreement & { matches: NonNullable<Agreement['matches']> } =>
  e.type === 'AGREE_CURRICULUM' && e.matches !== undefined;

/**
 * The event as the case receives it: an AGREE_CURRICULUM with matches carries the stored working
 * curriculum and the nominated partner's catalogue, read here; whatever `facts` a caller sent is replaced.
 * The case's machine applies every rule to them.
 */
export async function withCurriculumFacts(
  event: CaseEvent,
  partnerId: string | undefined,
  source: CurriculumSource | undefined,
): Promise<CaseEvent> {
  if (!withMatches(event)) return event;
  const rest = { ...event };
  delete rest.facts;
  if (!source || !partnerId || rest.programme === undefined || rest.semester === undefined) return rest;
  const [courses, catalogue] = await Promise.all([
    source.semester(rest.programme, rest.semester),
    source.catalogue(partnerId),
  ]);
  // Only the partner courses the matches name: all the rules read, and the history keeps no whole catalogue.
  const named = new Set(rest.matches.flatMap((m) => m.partnerCodes.map((c) => c.toUpperCase())));
  return { ...rest, facts: { courses, catalogue: catalogue.filter((c) => named.has(c.code.toUpperCase())) } };
}

/** After the case agreed the curriculum: its matches go into the register, for the next student. */
export async function registerMatches(
  event: CaseEvent,
  caseId: string,
  partnerId: string | undefined,
  source: CurriculumSource | undefined,
  at: Date,
): Promise<void> {
  if (!withMatches(event) || !source || !partnerId || event.programme === undefined) return;
  const actor: Actor = event.actor;
  const entries = event.matches.map((m) => ({
    partnerId,
    programme: event.programme!,
    kbtuCode: m.kbtuCode,
    partnerCodes: m.partnerCodes,
    approvedBy: actor.id,
    approvedAt: at.toISOString(),
    caseId,
  }));
  try {
    await source.recordEquivalences(entries);
  } catch (err) {
    throw new CaseError(
      'unavailable',
      `case ${caseId} agreed the curriculum, but the equivalence register could not keep its matches: ${(err as Error).message}`,
    );
  }
}
