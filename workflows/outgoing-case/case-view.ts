import type { CaseView } from '../../domain/case-view';
import { caseChecklist } from '../../machines/outgoing-case/rules';
import {
  allowedActions,
  leafPaths,
  stageLabel,
  stageOf,
  type OutgoingCaseSnapshot,
} from '../../machines/outgoing-case/view';
import type { TrackedDeadline } from './schedule';

/** What a read of the case returns: where it stands, its verdict and checklist, and what may happen next. */
export function caseView(
  s: OutgoingCaseSnapshot,
  deadlines: TrackedDeadline[],
  auditLength: number,
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
    checklist: s.matches('application') ? null : caseChecklist(s.context),
    // The pinned policy is named by its version, not repeated in every read.
    context: { ...context, policyVersion: policy.version },
    allowedActions: allowedActions(s),
    deadlines: deadlines.map((d) => ({
      id: d.id,
      what: d.what,
      responsible: d.responsible,
      dueAt: new Date(d.dueAt).toISOString(),
    })),
    auditLength,
  };
}
