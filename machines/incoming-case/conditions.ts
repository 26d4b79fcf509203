import type { Role } from '../../domain/actor';
import { REFUSAL, conflict, invalidField, type Refusal } from '../shared/refusal';
import { addressIsStudents, namesUndelivered, undeliveredProblem } from '../shared/undelivered';
import type { IncomingCaseContext } from './context';
import type { IncomingMachineEvent } from './events';
import { awaitingSchools, convertGrades, coursesOf, disciplines } from './rules';

type Actor = { id: string; role: Role };
type Ctx = IncomingCaseContext;
type Ev = IncomingMachineEvent;

/** A student acts only on their own case (by the partner's student id), a partner only on its nominees. */
export function inScope(c: Ctx, actor: Actor): boolean {
  if (actor.role === 'student') return actor.id === c.student.partnerStudentId;
  if (actor.role === 'partner') return actor.id === c.partner.id;
  return true;
}

export function scopeRefusal(c: Ctx, actor: Actor): Refusal {
  const message =
    actor.role === 'student'
      ? `student ${actor.id} may act only on their own case; this is the case of ${c.student.partnerStudentId}`
      : `partner ${actor.id} may act only on its own nominations; this student was nominated by ${c.partner.id}`;
  return { type: REFUSAL.notInScope, message };
}

const attached = (e: Ev) => (e.type === 'ATTACH_DOCUMENT' ? e.document : undefined);
const proposed = (e: Ev) => (e.type === 'PROPOSE_LEARNING_AGREEMENT' ? e.courses : undefined);
const graded = (e: Ev) => (e.type === 'RECORD_GRADES' ? e.grades : undefined);

/** Every fact a transition may require beyond role and scope, each with the reason it gives when it fails. */
export const CONDITIONS = {
  schoolOffersCourses: {
    holds: (c: Ctx) => disciplines(c).length > 0,
    refusal: (c: Ctx) =>
      conflict(
        `KBTU's catalogue has no course of school ${c.school} in ${c.semester}: no disciplines to send`,
      ),
  },
  documentIsNew: {
    holds: (c: Ctx, e: Ev) => {
      const doc = attached(e);
      return (
        !doc ||
        (!c.documents.some((d) => d.document.sha256 === doc.sha256) &&
          !c.checking.some((d) => d.sha256 === doc.sha256))
      );
    },
    refusal: () => invalidField('document.sha256', 'the same file is already in this case'),
  },
  documentOnChecklist: {
    holds: (c: Ctx, e: Ev) => {
      const doc = attached(e);
      return !doc || c.policy.requiredDocuments.some((i) => i.anyOf.includes(doc.kind));
    },
    refusal: (c: Ctx, e: Ev) => {
      const kinds = [...new Set(c.policy.requiredDocuments.flatMap((i) => i.anyOf))].join(', ');
      return invalidField(
        'document.kind',
        `a ${attached(e)?.kind} is not on the incoming checklist (policy ${c.policy.version}); it asks for: ${kinds}`,
      );
    },
  },
  coursesInCatalogue: {
    holds: (c: Ctx, e: Ev) => {
      const codes = proposed(e);
      return !codes || (coursesOf(c, codes).unknown.length === 0 && new Set(codes).size === codes.length);
    },
    refusal: (c: Ctx, e: Ev) => {
      const codes = proposed(e) ?? [];
      const { unknown } = coursesOf(c, codes);
      return invalidField(
        'courses',
        unknown.length > 0
          ? `not in KBTU's catalogue for ${c.semester}: ${unknown.join(', ')}`
          : 'a course is named twice',
      );
    },
  },
  schoolAwaited: {
    holds: (c: Ctx, e: Ev) => e.type !== 'AGREE_LEARNING_AGREEMENT' || awaitingSchools(c).includes(e.school),
    refusal: (c: Ctx, e: Ev) => {
      const school = e.type === 'AGREE_LEARNING_AGREEMENT' ? e.school : '?';
      const awaiting = awaitingSchools(c);
      return invalidField(
        'school',
        `the learning agreement awaits the dean's office of ${awaiting.join(', ') || 'no school'}, not ${school}: a school agrees only the courses it teaches`,
      );
    },
  },
  gradesCoverAgreement: {
    holds: (c: Ctx, e: Ev) => {
      const grades = graded(e);
      if (!grades) return true;
      const agreed = c.learningAgreement?.courses ?? [];
      const given = grades.map((g) => g.course);
      return given.length === agreed.length && agreed.every((code) => given.includes(code));
    },
    refusal: (c: Ctx) =>
      invalidField(
        'grades',
        `give one grade for each course of the learning agreement: ${(c.learningAgreement?.courses ?? []).join(', ')}`,
      ),
  },
  // Version 2: the invitation letter is made as a PDF and kept as a case document before it is sent.
  issuesLetterDocument: {
    holds: (c: Ctx) => c.machineVersion >= 2,
    refusal: () => conflict('this case predates invitation letters kept as documents'),
  },
  recordsLetterOnly: {
    holds: (c: Ctx) => c.machineVersion < 2,
    refusal: () => conflict('the invitation letter is made as a document on this case'),
  },
  gradesConvert: {
    holds: (c: Ctx, e: Ev) => {
      const grades = graded(e);
      return !grades || convertGrades(c, grades).problems.length === 0;
    },
    refusal: (c: Ctx, e: Ev) => invalidField('grades', convertGrades(c, graded(e) ?? []).problems.join('; ')),
  },
  // A resend names a message the case holds as undelivered; a corrected address is only the student's.
  undeliveredMessage: {
    holds: (c: Ctx, e: Ev) => namesUndelivered(c.undelivered, e),
    refusal: (c: Ctx) => invalidField('messageKey', undeliveredProblem(c.undelivered)),
  },
  addressOfStudent: {
    holds: (c: Ctx, e: Ev) => addressIsStudents(c.undelivered, e),
    refusal: () =>
      invalidField(
        'address',
        "only a message to the student takes a corrected address; a partner's contact comes from its agreement, an office's mailbox from MAIL_OFFICES",
      ),
  },
};

export type ConditionName = keyof typeof CONDITIONS;
