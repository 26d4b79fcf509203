import type { ActionResult, AuditEntry, CaseView } from '../domain/case-view';
import type { DocumentVerdict } from '../domain/document';
import type { CaseSummary } from '../client/listing';
import type { CallRanking } from '../services/ranking';
import type { InboxMessage } from '../stores/inbox';

/** Human-readable renderings for the CLI; `--json` prints the raw objects instead. */
export function formatCase(v: CaseView): string {
  const lines = [
    `${v.caseId}  [${v.status}]  ${v.stageLabel}`,
    `  track ${v.track}, call ${v.callId}, semester ${v.semester}, policy ${v.policyVersion}`,
    `  states: ${v.states.join(', ')}`,
  ];
  if (v.eligibility) {
    lines.push(
      `  eligibility: ${v.eligibility.eligible ? 'eligible' : 'NOT eligible'} (policy ${v.eligibility.policyVersion})`,
    );
    for (const r of v.eligibility.rules.filter((x) => !x.passed))
      lines.push(`    FAIL ${r.id}: ${r.message}`);
  }
  if (v.checklist) {
    lines.push(`  documents: ${v.checklist.complete ? 'complete' : 'incomplete'}`);
    for (const l of v.checklist.lines) {
      const why = l.reasons.length ? ` — ${l.reasons.join('; ')}` : '';
      lines.push(`    ${l.status.padEnd(8)} ${l.label}${why}`);
    }
  }
  lines.push(...creditLines(v.context));
  for (const d of v.deadlines) lines.push(`  deadline: ${d.what} by ${d.dueAt} (${d.responsible})`);
  lines.push(v.allowedActions.length ? '  allowed now:' : '  no actions allowed');
  for (const a of v.allowedActions) lines.push(`    ${a.type.padEnd(36)} ${a.roles.join(', ')}`);
  return lines.join('\n');
}

type Credited = {
  curriculum?: { creditsPlanned: number; creditsRequired: number; retakeCourses: string[] } | null;
  credits?: { creditsTransferred: number; retakeCourses: string[] } | null;
};
const retakes = (codes: string[]) => (codes.length ? codes.join(', ') : 'none');

/** The agreed curriculum and, after return, the credits transferred, each with its retake list. */
function creditLines(context: Record<string, unknown>): string[] {
  const { curriculum, credits } = context as Credited;
  return [
    ...(curriculum
      ? [
          `  curriculum: ${curriculum.creditsPlanned} of ${curriculum.creditsRequired} KBTU credits planned; retakes: ${retakes(curriculum.retakeCourses)}`,
        ]
      : []),
    ...(credits
      ? [`  credits transferred: ${credits.creditsTransferred}; retakes: ${retakes(credits.retakeCourses)}`]
      : []),
  ];
}

/** An audit line of either kind of case (their event names are each case's own enum). */
type AuditLine = Omit<AuditEntry, 'event'> & { event: string };

export function formatHistory(entries: AuditLine[]): string {
  return entries
    .map((e) => {
      const why = e.reason ? `  reason: ${e.reason}` : '';
      return `${String(e.seq).padStart(3)} ${e.at}  ${e.actor.role}:${e.actor.id}  ${e.event}  ${e.from} -> ${e.to}${why}`;
    })
    .join('\n');
}

export function formatList(cases: CaseSummary[]): string {
  if (cases.length === 0) return 'no cases';
  return cases
    .map((c) =>
      [c.caseId, c.status, c.stage ?? '-', c.track ?? '-', c.school ?? '-', c.nextDeadline ?? '-'].join('  '),
    )
    .join('\n');
}

export function formatInbox(messages: InboxMessage[]): string {
  if (messages.length === 0) return 'inbox is empty';
  return messages.map((m) => `${m.receivedAt}  to ${m.to.join(', ')}  ${m.subject}`).join('\n');
}

/** What a staff action answered: where the case stands now, what it decided, what may come next. */
export function formatActionResult(r: ActionResult): string {
  const lines = [`${r.caseId}  [${r.status}]  ${r.stage}`, `  states: ${r.states.join(', ')}`];
  if (r.eligibility) lines.push(`  eligibility: ${r.eligibility.summary}`);
  lines.push(r.allowedActions.length ? '  allowed now:' : '  no actions allowed');
  for (const a of r.allowedActions) lines.push(`    ${a.type.padEnd(36)} ${a.roles.join(', ')}`);
  return lines.join('\n');
}

export function formatDocumentVerdict(v: DocumentVerdict): string {
  const lines = [`${v.kind} ${v.accepted ? 'ACCEPTED' : 'REFUSED'} (sha256 ${v.sha256.slice(0, 12)}…)`];
  for (const r of v.reasons) lines.push(`  ${r.passed ? 'pass' : 'FAIL'}  ${r.rule.padEnd(18)} ${r.message}`);
  return lines.join('\n');
}

export function formatRanking(r: CallRanking): string {
  const status = r.published
    ? 'published'
    : r.state === 'open'
      ? 'provisional while the call is open'
      : 'proposed';
  const lines = [
    `${r.callId} [${r.state}]: ${r.results.length} applicant(s), ${status}; ranked by ${r.criteria.join(', ')} (policy ${r.policyVersion})`,
  ];
  for (const a of r.results) {
    const rank = a.rank === null ? '  -' : String(a.rank).padStart(3);
    lines.push(
      `${rank}  ${a.studentId}  ${a.fullName}  ${a.outcome}${a.placeName ? ` ${a.placeName}` : ''}\n       ${a.reason}`,
    );
  }
  return lines.join('\n');
}
