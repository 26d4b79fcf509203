import { evaluateCurriculum, type IndividualCurriculum } from '../../domain/curriculum-rules';
import type { CourseMatch } from '../../domain/curriculum';
import type { CurriculumFacts } from '../../domain/events';
import type { FieldIssue } from '../../domain/issues';
import { convertTranscript, creditTransfer, type CreditTransfer } from '../../domain/transcript';
import type { OutgoingCaseContext } from './context';
import type { MachineEvent } from './events';

/**
 * The individual curriculum, the partner's transcript and the credit transfer, computed by the case
 * from the matches and grades staff send and the curricula the server attaches (`facts`). Each returns
 * the result, or the problems that refuse the event, each named by its field.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: FieldIssue[] };

const refused = <T>(path: string, message: string): Outcome<T> => ({
  ok: false,
  problems: [{ path, message }],
});

const partnerOf = (c: OutgoingCaseContext) =>
  c.partner ? c.policy.afterSelection?.partners[c.partner.id] : undefined;

/** AGREE_CURRICULUM with matches: the individual curriculum; without them, null (the typed figures). */
export function proposedCurriculum(
  c: OutgoingCaseContext,
  e: MachineEvent,
): Outcome<IndividualCurriculum | null> {
  if (e.type !== 'AGREE_CURRICULUM') return { ok: true, value: null };
  if (!e.matches) {
    if ((c.machineVersion ?? 1) >= 6)
      return refused(
        'matches',
        'from machine version 6 the individual curriculum is computed: send the matches (KBTU course to partner courses) with programme and semester',
      );
    if (e.creditsPlanned === undefined || e.creditsRequired === undefined)
      return refused(
        'matches',
        'send the matches (KBTU course to partner courses) with programme and semester, or creditsPlanned and creditsRequired',
      );
    return { ok: true, value: null };
  }
  if (e.programme === undefined)
    return refused('programme', "the student's programme is required with matches");
  if (e.semester === undefined) return refused('semester', 'the semester of study is required with matches');
  if (e.creditsPlanned !== undefined || e.creditsRequired !== undefined)
    return refused(
      'creditsPlanned',
      'with matches the case computes the credits; leave the typed figures out',
    );
  return evaluatedPlan(c, e.programme, e.semester, e.matches, e.facts);
}

/** A plan of matches read against the stored curricula the server attached, by the case's own rules. */
export function evaluatedPlan(
  c: OutgoingCaseContext,
  programme: string,
  semester: number,
  matches: readonly CourseMatch[],
  facts: CurriculumFacts | undefined,
): Outcome<IndividualCurriculum> {
  const partner = partnerOf(c);
  if (!c.partner || !partner)
    return refused(
      'matches',
      `policy ${c.policy.version} has no credit conversion for partner ${c.partner?.id ?? '(none)'}`,
    );
  if (!facts || facts.courses.length === 0)
    return refused('semester', `no working curriculum is stored for ${programme}, semester ${semester}`);
  const plan = evaluateCurriculum({
    programme,
    semester,
    courses: facts.courses,
    catalogue: facts.catalogue,
    matches,
    conversion: partner.credits,
    retakesPaid: c.policy.afterSelection?.retakesPaid ?? true,
  });
  return plan.problems.length ? { ok: false, problems: plan.problems } : { ok: true, value: plan };
}

/** RECORD_PARTNER_TRANSCRIPT with grades: the credit transfer they give; without them, null. */
export function gradedTranscript(c: OutgoingCaseContext, e: MachineEvent): Outcome<CreditTransfer | null> {
  if (e.type !== 'RECORD_PARTNER_TRANSCRIPT') return { ok: true, value: null };
  if (!e.grades)
    return (c.machineVersion ?? 1) >= 6
      ? refused(
          'grades',
          "from machine version 6 the transcript is recorded with the partner's grade per course",
        )
      : { ok: true, value: null };
  const plan = c.individualCurriculum;
  if (!plan)
    return refused(
      'grades',
      'the case has no individual curriculum with matched courses (AGREE_CURRICULUM with matches): the grades cannot be read against it',
    );
  const partner = partnerOf(c);
  const kbtu = c.policy.afterSelection?.gradingScale;
  if (!partner || !kbtu)
    return refused('grades', `policy ${c.policy.version} has no grading table for partner ${c.partner?.id}`);
  const { converted, problems } = convertTranscript(e.grades, plan.lines, partner.gradingScale, kbtu);
  return problems.length
    ? { ok: false, problems }
    : { ok: true, value: creditTransfer(plan.lines, converted) };
}

/** RECALCULATE_CREDITS: the typed figures only where the case has no transfer of its own. */
export function stateCredits(c: OutgoingCaseContext, e: MachineEvent): FieldIssue | null {
  if (e.type !== 'RECALCULATE_CREDITS') return null;
  if (c.creditTransfer) {
    if (e.creditsTransferred !== undefined || (e.retakeCourses as string[] | undefined)?.length)
      return {
        path: 'creditsTransferred',
        message:
          'the case computed the credits and the retake list from the graded transcript; approve them without figures',
      };
    return null;
  }
  return e.creditsTransferred === undefined
    ? {
        path: 'creditsTransferred',
        message: 'the transcript was recorded without grades: state the credits transferred',
      }
    : null;
}

/** What the credit transfer leaves on the record: KBTU credits transferred and the retake list. */
export const creditsOf = (t: CreditTransfer) => ({
  creditsTransferred: t.transferredTenths / 10,
  retakeCourses: t.retakes.map((r) => r.code),
});

/** The typed summary older views and mails read, from a computed individual curriculum. */
export const curriculumSummaryOf = (p: IndividualCurriculum) => ({
  creditsPlanned: p.plannedTenths / 10,
  creditsRequired: p.requiredTenths / 10,
  retakeCourses: p.retakes.map((r) => r.code),
});
