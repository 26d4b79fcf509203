import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  IncomingActionResult,
  IncomingAuditEntry,
  IncomingCaseView,
  IncomingEventInput,
} from '../../domain/incoming';
import type { UpcomingMessage } from '../../domain/case-messages';
import type { Refusal } from '../../machines/shared/refusal';
import type { ActOptions } from '../late-action';

/**
 * Staff, the partner and the student act on an incoming case: validated by the schema and the machine,
 * and refused when it arrives after its caller's `notAfter` (see ../late-action).
 */
export const incomingActUpdate = defineUpdate<IncomingActionResult, [IncomingEventInput, ActOptions?]>('act');
export const incomingViewQuery = defineQuery<IncomingCaseView>('view');
/** A dry run of the `act` validator: why the case would refuse the event now, or null. */
export const incomingRefusalQuery = defineQuery<Refusal | null, [IncomingEventInput]>('refusal');
export const incomingAuditQuery = defineQuery<IncomingAuditEntry[]>('audit');
/** The reminders and escalations still to fire, earliest first (a query: nothing in the history). */
export const incomingUpcomingQuery = defineQuery<UpcomingMessage[]>('upcoming');
