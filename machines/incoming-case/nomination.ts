import type { Role } from '../../domain/actor';
import type { PartnerAgreement } from '../../domain/agreement';
import { instantMs } from '../../domain/calendar';
import { incomingCaseId, type NominationRequest } from '../../domain/incoming';
import { incomingPartner, termOf, type IncomingPartner } from '../../domain/incoming-partner';
import { toCasePolicy, type Policy } from '../../domain/policy';
import { visaDecision } from '../../domain/visa';
import { REFUSAL, type Refusal } from '../shared/refusal';
import type { IncomingCaseInput } from './context';
import { INCOMING_MACHINE_VERSION } from './machine';

/** The first day of a semester, roughly: the check of ages and passports needs no more. */
const semesterStart = (semester: string) =>
  `${semester.slice(0, 4)}-${semester.endsWith('fall') ? '09' : '01'}-01`;

/** Who may nominate: the partner's own system for its students, or DI on a partner's behalf. */
export const NOMINATE_ROLES: readonly Role[] = ['partner', 'di_officer'];

const invalid = (path: string, message: string): Refusal => ({
  type: REFUSAL.invalidPayload,
  message: `invalid nomination: ${path}: ${message}`,
  issues: [{ path, message }],
});

/** How many of the partner's students its agreement lets KBTU take in the nomination's term and level. */
export function placesOf(
  n: Pick<NominationRequest, 'semester' | 'student'>,
  agreement: PartnerAgreement | null,
): number {
  const term = termOf(n.semester);
  return agreement?.incoming?.find((p) => p.term === term && p.degree === n.student.level)?.places ?? 0;
}

/** The partner as the case pins it, or why it cannot be: no grading table to convert its grades with. */
function partnerOf(
  partnerId: string,
  agreement: PartnerAgreement,
  policy: Policy,
): IncomingPartner | Refusal {
  const conversion = policy.afterSelection.partners[partnerId];
  if (!conversion) {
    return invalid(
      'partnerId',
      `policy ${policy.version} has no grading table for ${partnerId} (afterSelection.partners): its transcript could not be converted`,
    );
  }
  return incomingPartner(agreement, conversion.gradingScale, policy.gradingScale);
}

/**
 * Why a nomination cannot open a case, or null: the rules before a case exists. `agreement` is the
 * partner's stored agreement (null: none); `taken` is how many of its places for that term and level are
 * already used. No message carries the passport number.
 */
export function nominationRefusal(
  n: NominationRequest,
  policy: Policy,
  agreement: PartnerAgreement | null,
  taken = 0,
): Refusal | null {
  const { actor, partnerId, semester, school, student } = n;
  if (!NOMINATE_ROLES.includes(actor.role)) {
    return {
      type: REFUSAL.roleNotAllowed,
      message: `role ${actor.role} may not nominate; it is for: ${NOMINATE_ROLES.join(', ')}`,
    };
  }
  if (actor.role === 'partner' && actor.id !== partnerId) {
    return {
      type: REFUSAL.notInScope,
      message: `partner ${actor.id} may nominate only its own students, not for partner ${partnerId}`,
    };
  }
  const incoming = policy.incoming;
  if (!incoming)
    return invalid('partnerId', `policy ${policy.version} has no incoming section: no nominations`);
  if (!agreement) return invalid('partnerId', `KBTU has no agreement with partner ${partnerId}`);
  const places = placesOf(n, agreement);
  if (places === 0) {
    return invalid(
      'semester',
      `the agreement with ${partnerId} gives no ${student.level} places in ${termOf(semester)} semesters`,
    );
  }
  const partner = partnerOf(partnerId, agreement, policy);
  if ('type' in partner) return partner;
  if (taken >= places) {
    return invalid(
      'semester',
      `the agreement with ${partnerId} has ${places} ${student.level} place(s) in ${semester}, all taken`,
    );
  }
  if (!partner.schools.includes(school)) {
    return invalid(
      'school',
      `the agreement with ${partnerId} covers ${partner.schools.join(', ')}, not ${school}`,
    );
  }
  const starts = semesterStart(semester);
  const age = Number(starts.slice(0, 4)) - Number(student.birthDate.slice(0, 4));
  if (age < 16 || age > 80) {
    return invalid(
      'student.birthDate',
      `the student would be ${age} when the semester starts: check the birth date`,
    );
  }
  const stayEnds = instantMs(`${starts}T00:00:00Z`) + incoming.stayDays * 86_400_000;
  if (instantMs(`${student.passport.expiresOn}T00:00:00Z`) < stayEnds) {
    return invalid(
      'student.passport.expiresOn',
      `the passport expires before the end of the ${incoming.stayDays}-day stay`,
    );
  }
  return null;
}

/**
 * The case a valid nomination opens: its id, the partner from its agreement, the pinned policy, the term's
 * catalogue and the visa decision.
 */
export function nominationInput(
  n: NominationRequest,
  policy: Policy,
  agreement: PartnerAgreement,
): IncomingCaseInput {
  const incoming = policy.incoming!;
  const partner = partnerOf(n.partnerId, agreement, policy);
  // Only a nomination nominationRefusal passed opens a case; this one did not.
  if ('type' in partner) throw new Error(partner.message);
  const pinned = toCasePolicy(policy);
  const term = termOf(n.semester);
  return {
    caseId: incomingCaseId(n.partnerId, n.semester, n.student.partnerStudentId),
    student: n.student,
    partner: { id: partner.id, name: partner.name, contact: partner.contact, gradeTable: partner.gradeTable },
    semester: n.semester,
    school: n.school,
    catalogue: incoming.catalogue.filter((k) => k.terms.includes(term)),
    visa: visaDecision(n.student.citizenship, incoming.stayDays, incoming.visaFree, policy.version),
    policy: {
      version: policy.version,
      timeZone: pinned.timeZone,
      holidays: pinned.holidays,
      workingWeekendDays: pinned.workingWeekendDays,
      invitationMonths: incoming.invitationMonths,
      reminderDaysBefore: incoming.reminderDaysBefore,
      escalations: incoming.escalations,
      stayDays: incoming.stayDays,
      requiredDocuments: incoming.requiredDocuments,
      gradingScale: policy.gradingScale,
      documents: policy.documents,
    },
    openedBy: n.actor,
    machineVersion: INCOMING_MACHINE_VERSION,
  };
}
