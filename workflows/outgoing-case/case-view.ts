import type { CaseView } from '../../domain/case-view';
import { caseChecklist } from '../../machines/outgoing-case/rules';
import {
  allowedActions,
  leafPaths,
  stageLabel,
  stageOf,
  type OutgoingCaseSnapshot,
} from '../../machines/outgoing-case/view';
import type { DueDeadline } from '../../machines/outgoing-case/events';

/** What a read of the case returns: where it stands, its verdict and checklist, and what may happen next. */
export function caseView(
  s: OutgoingCaseSnapshot,
  deadlines: DueDeadline[],
  auditLength: number,
  at: string,
): CaseView {
  const { policy, ...context } = s.context;
  return {
    caseId: context.caseId,
    status: s.status === 'done' ? 'done' : 'active',
    stage: stageOf(s.value),
    stageLabel: stageLabel(s),
    states: leafPaths(s.value),
    track: context.track,
    callId: context.call.id,
    semester: context.call.mobilitySemester,
    policyVersion: policy.version,
    eligibility: context.eligibility,
    checklist: s.matches({ open: 'application' }) ? null : caseChecklist(s.context),
    // The pinned policy is named by its version, not repeated in every read.
    context: { ...context, policyVersion: policy.version },
    allowedActions: allowedActions(s, at),
    deadlines: deadlines.map((d) => ({
      id: d.id,
      what: d.what,
      responsible: d.responsible,
      dueAt: new Date(d.dueAt).toISOString(),
    })),
    auditLength,
  };
}
