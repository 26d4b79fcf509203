import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { UpcomingMessage } from '../../domain/case-messages';
import type { ActionResult, AuditEntry, CaseView } from '../../domain/case-view';
import type { NextWindow } from '../../domain/eligibility';
import type { CaseEventInput, PartnerDocument } from '../../domain/events';

export type { PartnerDocument };
import type { Refusal } from '../../machines/outgoing-case/conditions';
export { REFUSAL, type Refusal, type RefusalType } from '../../machines/outgoing-case/conditions';

import type { ActOptions } from '../late-action';
export { LATE_ACTION, type ActOptions } from '../late-action';

/** Staff act on a case: validated by the payload schema and the machine; answers with a small result. */
export const actUpdate = defineUpdate<ActionResult, [CaseEventInput, ActOptions?]>('act');

export const partnerDocumentSignal = defineSignal<[PartnerDocument]>('partnerDocument');

export const viewQuery = defineQuery<CaseView>('view');
/** A dry run of the `act` validator: why the case would refuse the event now, or null. */
export const refusalQuery = defineQuery<Refusal | null, [CaseEventInput]>('refusal');
export const auditQuery = defineQuery<AuditEntry[]>('audit');
/** The reminders and escalations still to fire, earliest first (a query: nothing in the history). */
export const upcomingQuery = defineQuery<UpcomingMessage[]>('upcoming');

export interface RefusalDetails {
  state: string[];
  allowed: { type: string; roles: string[] }[];
  issues?: { path: string; message: string }[];
  /** When a submission falls outside the application window: the next one, if the rules know it. */
  nextWindow?: NextWindow;
}
