import type { Role } from '../../domain/actor';
import type { FieldIssue } from '../../domain/issues';
import { gradedTranscript, proposedCurriculum, stateCredits } from './after-selection';
import { AGREEMENT_CONDITIONS } from './agreement-conditions';
import { conflict, invalidField, REFUSAL, type Refusal } from '../shared/refusal';
import type { OutgoingCaseContext } from './context';
import type { MachineEvent } from './events';
import { grantOf, reconcilesGrant, regionIds } from './grant';
import { applicationWindow, caseChecklist, unconfirmedItems } from './rules';
import { addressIsStudents, namesUndelivered, undeliveredProblem } from '../shared/undelivered';

export { REFUSAL, type Refusal, type RefusalType } from '../shared/refusal';

type Check = (c: OutgoingCaseContext, e: MachineEvent) => boolean;
interface Condition {
  holds: Check;
  /** Why the event is refused when the condition does not hold; asked only then. */
  refusal: (c: OutgoingCaseContext, e: MachineEvent) => Refusal;
  /** For a condition of some machine versions only: whether the case's version has it at all. */
  applies?: (c: OutgoingCaseContext) => boolean;
}

/** The window rule at `at`; undefined when the event carries no readable moment (a guard never throws). */
function windowAt(c: OutgoingCaseContext, at: string | undefined) {
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(at)) return undefined;
  return applicationWindow(c, at);
}

/** The call's outcome; allowedActions probes with bare events, which carry no decision. */
const callOutcome = (e: MachineEvent) =>
  e.type === 'CALL_DECISION' ? (e.decision as typeof e.decision | undefined)?.outcome : undefined;
const attached = (e: MachineEvent) => (e.type === 'ATTACH_DOCUMENT' ? e.document : undefined);

/**
 * Who may act on this case, beyond their role: a student only on their own case, a partner only on a
 * case nominated to it, a dean's office that names its school (from the signed-in identity) only on that
 * school's cases. Other staff offices act on every case. Actors of recorded v2 histories carry no school,
 * so the school rule leaves their replay as it ran.
 *
 * Version-1 cases had no scope in their machine, and their recorded histories must replay as they ran:
 * their transitions skip it (`strict` false), while the update validator applies it to every case, so a
 * new action on an old case is still refused (refusal.ts).
 */
type ScopedActor = { id: string; role: Role; school?: string };

export function inScope(c: OutgoingCaseContext, actor: ScopedActor, strict = false): boolean {
  if (!strict && (c.machineVersion ?? 1) < 2) return true;
  if (actor.role === 'student') return actor.id === c.student.id;
  if (actor.role === 'partner') return c.partner !== null && actor.id === c.partner.id;
  if (actor.role === 'dean_office' && actor.school !== undefined) return actor.school === c.student.school;
  return true;
}

export function scopeRefusal(c: OutgoingCaseContext, actor: ScopedActor): Refusal {
  const message =
    actor.role === 'student'
      ? `student ${actor.id} may act only on their own case; this is the case of ${c.student.id}`
      : actor.role === 'dean_office'
        ? `the dean's office of ${actor.school} acts only on its school's cases; this is a case of ${c.student.school}`
        : c.partner
          ? `partner ${actor.id} may act only on cases nominated to it; this case is nominated to ${c.partner.id}`
          : `partner ${actor.id} may not act on this case: it is not nominated to any partner`;
  return { type: REFUSAL.notInScope, message };
}

/**
 * Every fact a staff transition may require beyond role and scope, each with the reason given when it
 * does not hold. Transitions name them in `may(roles, ...conditions)`; nothing else refuses an event.
 */
export const CONDITIONS = {
  withinApplicationWindow: {
    holds: (c, e) => e.type !== 'SUBMIT_APPLICATION' || windowAt(c, e.at)?.rule.passed === true,
    refusal: (c, e) => {
      const window = windowAt(c, e.type === 'SUBMIT_APPLICATION' ? e.at : undefined);
      if (!window) return invalidField('at', 'a submission needs the moment it was made');
      const { rule, next } = window;
      return {
        type: REFUSAL.outsideWindow,
        message: `the application is refused: ${rule.message}`,
        ...(next ? { nextWindow: next } : {}),
      };
    },
  },
  documentIsNew: {
    holds: (c, e) => {
      const doc = attached(e);
      if (!doc) return true;
      return (
        !c.documents.some((d) => d.document.sha256 === doc.sha256) &&
        !c.checking.some((d) => d.sha256 === doc.sha256)
      );
    },
    refusal: (c, e) => {
      const sha256 = attached(e)?.sha256;
      const held = c.documents.find((d) => d.document.sha256 === sha256);
      return invalidField(
        'document.sha256',
        held
          ? `the same file is already in this case (${held.document.originalName}, uploaded ${held.document.uploadedAt})`
          : 'the same file is being checked for this case already',
      );
    },
  },
  documentOnChecklist: {
    holds: (c, e) => {
      const doc = attached(e);
      return !doc || c.policy.tracks[c.track].requiredDocuments.some((i) => i.anyOf.includes(doc.kind));
    },
    refusal: (c, e) => {
      const checklist = c.policy.tracks[c.track].requiredDocuments;
      const kinds = [...new Set(checklist.flatMap((i) => i.anyOf))].join(', ');
      return invalidField(
        'document.kind',
        `a ${attached(e)?.kind} is not on the ${c.track} checklist (policy ${c.policy.version}); it asks for: ${kinds}`,
      );
    },
  },
  eligible: {
    holds: (c) => c.eligibility?.eligible === true,
    refusal: (c) =>
      conflict(
        c.eligibility
          ? 'the applicant is not eligible: ' +
              c.eligibility.rules
                .filter((r) => !r.passed)
                .map((r) => r.message)
                .join('; ')
          : 'there is no eligibility verdict yet: the registrar record has not been read',
      ),
  },
  checklistComplete: {
    holds: (c) => caseChecklist(c).complete,
    refusal: (c) => {
      const missing = caseChecklist(c)
        .lines.filter((l) => !l.optional && l.status !== 'accepted')
        .map((l) => l.label);
      return conflict(`the checklist is not complete: ${missing.join(', ')} still needed`);
    },
  },
  paperFolderAwaited: {
    holds: (c) => unconfirmedItems(c).length > 0,
    refusal: () =>
      conflict('no paper folder is awaited on this case (none is asked for, or it is confirmed)'),
  },
  // Only English stands in the way: an applicant who fails another rule gains nothing from the audition.
  auditionOpen: {
    holds: (c) =>
      c.eligibility?.audition === 'may_register' &&
      c.eligibility.rules.every((r) => r.passed || r.id === 'english'),
    refusal: (c) =>
      conflict(
        c.eligibility?.audition === 'may_register'
          ? 'the audition helps only when English is the one rule that fails'
          : `the English audition is not open to this applicant (${c.eligibility?.audition ?? 'no verdict yet'})`,
      ),
  },
  curriculumAgreed: {
    holds: (c) => c.curriculum !== null,
    refusal: () =>
      conflict(
        "the learning agreement follows the individual curriculum, which the dean's office has not agreed yet",
      ),
  },
  invitationLetter: {
    holds: (_, e) => e.type !== 'PARTNER_DOCUMENT_RECEIVED' || e.kind === 'invitationLetter',
    refusal: () => conflict("the case awaits the partner's invitation letter, not its transcript"),
  },
  // Version 3: the call allocates; DI nominates only to the partner the call placed the student with.
  allocatedPartner: {
    holds: (c, e) =>
      e.type !== 'NOMINATE_TO_PARTNER' ||
      !c.callDecision?.partnerId ||
      c.callDecision.partnerId === e.partnerId,
    refusal: (c) =>
      invalidField(
        'partnerId',
        `call ${c.call.id} placed the student with ${c.callDecision?.placeName} (${c.callDecision?.partnerId}); nominate to that partner`,
      ),
  },
  decidedByCall: {
    holds: (c) =>
      (c.machineVersion ?? 1) < 3 || c.callDecision == null || c.callDecision.outcome === 'selected',
    refusal: (c) =>
      conflict(
        `call ${c.call.id} allocates its places and did not select this student: ${c.callDecision?.reason}`,
      ),
  },
  callSelected: {
    holds: (_, e) => callOutcome(e) === 'selected',
    refusal: () => conflict('the call did not select the student'),
  },
  callNotSelected: {
    holds: (_, e) => callOutcome(e) === 'not_selected',
    refusal: () => conflict('the call did not decline the student'),
  },
  joinedCall: {
    holds: (c) => (c.machineVersion ?? 1) >= 3 && c.joinedCall === true,
    refusal: (c) => conflict(`the case has not joined call ${c.call.id}`),
  },
  notJoinedCall: {
    holds: (c) => !((c.machineVersion ?? 1) >= 3 && c.joinedCall === true),
    refusal: (c) => conflict(`call ${c.call.id} decides where the student goes next`),
  },
  // Version 4: a grant is paid per category from known allowances, and reported per category.
  grantAllowancesKnown: {
    holds: (c, e) => !reconcilesGrant(c) || grantOf(c, e) !== null,
    refusal: (c, e) =>
      invalidField(
        'region',
        e.type === 'DISBURSE_GRANT' && e.region !== undefined
          ? `${e.region} is not an MSHE region of the case's policy: one of ${regionIds(c)}`
          : `the call placed the student in no MSHE region: name the region whose allowances are paid, one of ${regionIds(c)}`,
      ),
  },
  spendReported: {
    holds: (c, e) =>
      !reconcilesGrant(c) ||
      ((e.type === 'ACCEPT_FINANCIAL_REPORT' || e.type === 'RECONCILE_FUNDS') && e.spend !== undefined),
    refusal: () =>
      invalidField(
        'spend',
        'the financial report states what was spent per category (flight, accommodation, insurance, visa), in whole tenge',
      ),
  },
  // A resend names a message the case holds as undelivered; a corrected address is only the student's.
  undeliveredMessage: {
    holds: (c, e) => namesUndelivered(c.undelivered, e),
    refusal: (c) => invalidField('messageKey', undeliveredProblem(c.undelivered)),
  },
  addressOfStudent: {
    holds: (c, e) => addressIsStudents(c.undelivered, e),
    refusal: (c, e) =>
      invalidField(
        'address',
        `only a message to the student takes a corrected address; ${e.type === 'RESEND_MESSAGE' ? e.messageKey : 'this one'} goes to an office, whose mailbox is configured (MAIL_OFFICES)`,
      ),
  },
  // Version 5 mails the student a refused document; an accepted one takes the transition beside it.
  checkRefused: {
    holds: (_, e) => e.type === 'DOCUMENT_CHECKED' && e.verdict?.accepted === false,
    refusal: () => conflict('the document passed its check'),
  },
  partnerTranscript: {
    holds: (_, e) => e.type !== 'PARTNER_DOCUMENT_RECEIVED' || e.kind === 'transcript',
    refusal: () => conflict("the case awaits the partner's transcript, not an invitation letter"),
  },
  // The individual curriculum, the graded transcript and the credit transfer are computed by the case.
  curriculumProposal: {
    holds: (c, e) => proposedCurriculum(c, e).ok,
    refusal: (c, e) => fieldsRefused('the individual curriculum cannot be agreed', proposedCurriculum(c, e)),
  },
  transcriptGrades: {
    holds: (c, e) => gradedTranscript(c, e).ok,
    refusal: (c, e) => fieldsRefused('the transcript cannot be converted', gradedTranscript(c, e)),
  },
  creditsStated: {
    holds: (c, e) => stateCredits(c, e) === null,
    refusal: (c, e) => {
      const issue = stateCredits(c, e);
      return issue ? invalidField(issue.path, issue.message) : conflict('the credits are stated');
    },
  },
  ...AGREEMENT_CONDITIONS,
} satisfies Record<string, Condition>;

function fieldsRefused(what: string, outcome: { ok: true } | { ok: false; problems: FieldIssue[] }): Refusal {
  const issues = outcome.ok ? [] : outcome.problems;
  return {
    type: REFUSAL.invalidPayload,
    message: `${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  };
}

export type ConditionName = keyof typeof CONDITIONS;

/**
 * Whether a transition guarded by these conditions exists for the case's machine version: a transition of
 * another version is never a task of its offices (tasks are mailed, and recorded histories must replay).
 */
export const existsForVersion = (c: OutgoingCaseContext, conditions: readonly ConditionName[]) =>
  conditions.every((name) => (CONDITIONS[name] as Condition).applies?.(c) ?? true);
