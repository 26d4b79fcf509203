import type { Actor } from '../domain/actor';
import type { Equivalence, KbtuCourse, PartnerCourse } from '../domain/curriculum';
import type { CaseEvent } from '../domain/events';
import type { OutgoingCaseContext } from '../machines/outgoing-case/context';
import { CaseError } from './errors';

/** Where the server reads the curricula an individual curriculum is computed from, and keeps its matches. */
export interface CurriculumSource {
  semester(programme: string, semester: number): Promise<KbtuCourse[]>;
  catalogue(partnerId: string): Promise<PartnerCourse[]>;
  /** The equivalence register: an agreed curriculum's matches, suggested the next time. */
  recordEquivalences(entries: Equivalence[]): Promise<void>;
}

type Agreement = Extract<CaseEvent, { type: 'AGREE_CURRICULUM' }>;
type Change = Extract<CaseEvent, { type: 'REQUEST_LEARNING_AGREEMENT_CHANGE' }>;
const withMatches = (e: CaseEvent): e is Agreement & { matches: NonNullable<Agreement['matches']> } =>
  e.type === 'AGREE_CURRICULUM' && e.matches !== undefined;
const changeWithMatches = (e: CaseEvent): e is Change & { matches: NonNullable<Change['matches']> } =>
  e.type === 'REQUEST_LEARNING_AGREEMENT_CHANGE' && e.matches !== undefined;

/** Whether the event is a plan of matches, whose curricula the server attaches. */
export const carriesPlan = (e: CaseEvent) => withMatches(e) || changeWithMatches(e);

/** What the server reads the curricula for: the nominated partner and, for a change, the agreed plan's semester. */
export interface PlanTarget {
  partnerId?: string;
  programme?: string;
  semester?: number;
}

/**
 * The event as the case receives it: an AGREE_CURRICULUM with matches, or a change of the learning
 * agreement with its new plan, carries the stored working curriculum and the nominated partner's
 * catalogue, read here; whatever `facts` a caller sent is replaced. The case's machine applies every
 * rule to them.
 */
export async function withCurriculumFacts(
  event: CaseEvent,
  target: PlanTarget,
  source: CurriculumSource | undefined,
): Promise<CaseEvent> {
  if (!withMatches(event) && !changeWithMatches(event)) return event;
  const rest = { ...event };
  delete rest.facts;
  const programme = withMatches(rest) ? rest.programme : target.programme;
  const semester = withMatches(rest) ? rest.semester : target.semester;
  if (!source || !target.partnerId || programme === undefined || semester === undefined) return rest;
  const [courses, catalogue] = await Promise.all([
    source.semester(programme, semester),
    source.catalogue(target.partnerId),
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
  await keepInRegister(source, entries, caseId, 'agreed the curriculum');
}

async function keepInRegister(
  source: CurriculumSource,
  entries: Equivalence[],
  caseId: string,
  what: string,
): Promise<void> {
  try {
    await source.recordEquivalences(entries);
  } catch (err) {
    throw new CaseError(
      'unavailable',
      `case ${caseId} ${what}, but the equivalence register could not keep its matches: ${(err as Error).message}`,
    );
  }
}

/** What the register reads of a case's context once a change of its learning agreement is signed. */
type AdoptedPlan = Pick<
  OutgoingCaseContext,
  'partner' | 'individualCurriculum' | 'learningAgreementChange' | 'learningAgreements'
>;

/**
 * A change both institutions signed is the plan in force: its matches enter the register as the dean's
 * office approved them (the sending party's signature), replacing the case's earlier entries course by
 * course. Read from the case after its AGREE_LEARNING_AGREEMENT_CHANGE, so a signature that leaves the
 * change open records nothing.
 */
export async function registerAdoptedChange(
  caseId: string,
  context: unknown,
  source: CurriculumSource,
): Promise<void> {
  const c = context as AdoptedPlan;
  const inForce = c.learningAgreements?.at(-1);
  const plan = c.individualCurriculum;
  const partnerId = c.partner?.id;
  if (c.learningAgreementChange || !inForce?.change || !plan || !partnerId) return;
  const dean = inForce.signatures.find((s) => s.party === 'sending');
  if (!dean) return;
  const entries = plan.lines
    .filter((l) => l.partner.length > 0)
    .map((l) => ({
      partnerId,
      programme: plan.programme,
      kbtuCode: l.kbtu.code,
      partnerCodes: l.partner.map((p) => p.code),
      approvedBy: dean.signerId,
      approvedAt: dean.at,
      caseId,
    }));
  await keepInRegister(source, entries, caseId, 'signed the changed learning agreement');
}
