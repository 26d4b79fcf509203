import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallApplicant, CallDecision } from '../../domain/call-applicant';
import type { CallAction } from '../../domain/call-events';
import type { CallAuditEntry } from '../../domain/call-view';
import type { CallRefusal } from '../../machines/call/conditions';
import type { CallRanking, CallView } from '../../machines/call/view';

export type { CallAuditEntry, CallRanking, CallView, CallRefusal };
export { CALL_REFUSAL } from '../../machines/call/conditions';

/** Staff and students act on a call: validated by the schema and the call's machine; answers the view. */
export const callActUpdate = defineUpdate<CallView, [CallAction]>('callAct');

/** A case joins its call with its ranking facts and preferences (sent by the case workflow). */
export const callJoinSignal = defineSignal<[CallApplicant]>('callJoin');
/** A case left (withdrawn, cancelled): its place, offer or waitlist position is freed. */
export const callLeaveSignal = defineSignal<[{ caseId: string; reason: string }]>('callLeave');
/** The partner declined a selected student: the student takes its next choice or goes back on the waitlist. */
export const callPartnerDeclinedSignal =
  defineSignal<[{ caseId: string; reason: string }]>('callPartnerDeclined');

/** The call tells a case its result (sent by the call workflow to the case workflow). */
export const callDecisionSignal = defineSignal<[CallDecision]>('callDecision');

export const callViewQuery = defineQuery<CallView>('callView');
export const callRankingQuery = defineQuery<CallRanking>('callRanking');
/** A dry run of the `callAct` validator: why the call would refuse the action now, or null. */
export const callRefusalQuery = defineQuery<CallRefusal | null, [CallAction]>('callRefusal');

export const callAuditQuery = defineQuery<CallAuditEntry[]>('callAudit');
