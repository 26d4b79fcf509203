import type { IncomingSummary } from '../client/incoming-listing';
import type { IncomingActionResult, IncomingCaseView } from '../domain/incoming';

const allowed = (actions: IncomingCaseView['allowedActions']) => [
  actions.length ? '  allowed now:' : '  no actions allowed',
  ...actions.map((a) => `    ${a.type.padEnd(36)} ${a.roles.join(', ')}`),
];

/** An incoming case as `mobility incoming show` prints it; `--json` prints the view itself. */
export function formatIncomingCase(v: IncomingCaseView): string {
  const s = v.student;
  const lines = [
    `${v.caseId}  [${v.status}]  ${v.stageLabel}`,
    `  ${s.name} (${s.partnerStudentId} at ${v.partner.name}), ${s.level} in ${s.field}, citizenship ${s.citizenship}`,
    `  semester ${v.semester}, school ${v.school}, policy ${v.policyVersion}, passport ${s.passport}`,
    `  visa: ${v.visa.required ? 'required' : 'not required'} — ${v.visa.rule}`,
    `  states: ${v.states.join(', ')}`,
    `  documents: ${v.checklist.complete ? 'complete' : 'incomplete'}`,
    ...v.checklist.lines.map((l) => {
      const why = l.reasons.length ? ` — ${l.reasons.join('; ')}` : '';
      return `    ${l.status.padEnd(8)} ${l.label}${why}`;
    }),
  ];
  const la = v.learningAgreement;
  if (la) {
    lines.push(`  learning agreement: ${la.courses.map((c) => `${c.code} (${c.school})`).join(', ')}`);
    lines.push(
      `    agreed by ${la.agreedBy.join(', ') || 'no school yet'}; awaiting ${la.awaiting.join(', ') || 'none'}`,
    );
  }
  if (v.invitationDueAt) lines.push(`  invitation due ${v.invitationDueAt}`);
  const letter = v.invitationLetter;
  if (letter)
    lines.push(
      `  invitation letter sent ${letter.sentAt}${letter.sha256 ? ` (mobility incoming download ${v.caseId} invitation-letter)` : ', no document (version 1)'}`,
    );
  if (v.transcript?.sha256) lines.push(`  transcript PDF: mobility incoming download ${v.caseId} transcript`);
  if (v.transcript) {
    for (const g of v.transcript.grades)
      lines.push(`  grade ${g.course} ${g.percent}% = ${g.kbtu} = ${g.partner} at the partner`);
  }
  if (v.outcome)
    lines.push(`  ${v.outcome.kind} by ${v.outcome.by.role}:${v.outcome.by.id}: ${v.outcome.reason}`);
  for (const d of v.deadlines) lines.push(`  deadline: ${d.what} by ${d.dueAt} (${d.responsible})`);
  return [...lines, ...allowed(v.allowedActions)].join('\n');
}

export function formatIncomingResult(r: IncomingActionResult): string {
  return [
    `${r.caseId}  [${r.status}]  ${r.stage}`,
    `  states: ${r.states.join(', ')}`,
    ...allowed(r.allowedActions),
  ].join('\n');
}

export function formatIncomingList(cases: IncomingSummary[]): string {
  if (cases.length === 0) return 'no incoming cases';
  const visa = (v: boolean | null) => (v === null ? '-' : v ? 'visa' : 'visa-free');
  return cases
    .map((c) =>
      [
        c.caseId,
        c.status,
        c.stage ?? '-',
        c.partnerId ?? '-',
        c.school ?? '-',
        visa(c.visaRequired),
        c.nextDeadline ?? '-',
      ].join('  '),
    )
    .join('\n');
}
