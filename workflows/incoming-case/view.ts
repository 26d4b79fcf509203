import { instantMs } from '../../domain/calendar';
import { invitationDueAt } from '../../domain/incoming-deadline';
import { maskPassport, type IncomingCaseView } from '../../domain/incoming';
import { checklistOf, awaitingSchools, coursesOf } from '../../machines/incoming-case/rules';
import {
  incomingAllowedActions,
  incomingStageLabel,
  leafPaths,
  stageOf,
  type IncomingCaseSnapshot,
} from '../../machines/incoming-case/view';
import type { IncomingDueDeadline } from '../../machines/incoming-case/events';

/** What a read of an incoming case returns; the passport shows masked. */
export function incomingCaseView(
  s: IncomingCaseSnapshot,
  deadlines: IncomingDueDeadline[],
  auditLength: number,
  at: string,
): IncomingCaseView {
  const c = s.context;
  const la = c.learningAgreement;
  return {
    caseId: c.caseId,
    direction: 'incoming',
    status: s.status === 'done' ? 'done' : 'active',
    stage: stageOf(s.value),
    stageLabel: incomingStageLabel(s),
    states: leafPaths(s.value),
    partner: { id: c.partner.id, name: c.partner.name },
    semester: c.semester,
    school: c.school,
    policyVersion: c.policy.version,
    student: {
      partnerStudentId: c.student.partnerStudentId,
      name: `${c.student.givenName} ${c.student.familyName}`,
      birthDate: c.student.birthDate,
      citizenship: c.student.citizenship,
      email: c.student.email,
      level: c.student.level,
      field: c.student.field,
      passport: maskPassport(c.student.passport.number),
    },
    visa: c.visa,
    checklist: checklistOf(c),
    learningAgreement: la
      ? {
          courses: coursesOf(c, la.courses).found.map((k) => ({
            code: k.code,
            title: k.title,
            school: k.school,
          })),
          agreedBy: la.agreedBy,
          awaiting: awaitingSchools(c),
        }
      : null,
    applicationCompleteAt: c.applicationCompleteAt,
    invitationDueAt:
      c.applicationCompleteAt && !s.matches({ open: 'application' }) && !s.matches({ open: 'nominated' })
        ? new Date(
            invitationDueAt(instantMs(c.applicationCompleteAt), c.policy.invitationMonths, c.policy),
          ).toISOString()
        : null,
    // Sent once made: from version 2 a letter being made, or one that failed, is not yet the student's.
    invitationLetter:
      c.invitationLetterSentAt && (c.machineVersion < 2 || c.invitationLetterSha256)
        ? { sentAt: c.invitationLetterSentAt, sha256: c.invitationLetterSha256 }
        : null,
    transcript: c.grades ? { sha256: c.transcriptSha256, grades: c.grades } : null,
    outcome: c.outcome,
    allowedActions: incomingAllowedActions(s, at),
    undelivered: (c.undelivered ?? []).map(({ key, template, to, error }) => ({ key, template, to, error })),
    deadlines: deadlines.map((d) => ({
      id: d.id,
      what: d.what,
      responsible: d.responsible,
      dueAt: new Date(d.dueAt).toISOString(),
    })),
    auditLength,
  };
}
