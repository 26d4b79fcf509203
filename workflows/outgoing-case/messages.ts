import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuditEntry, CaseView } from '../../domain/case-view';
import type { NextWindow } from '../../domain/eligibility';
import type { CaseEventInput, PartnerDocument } from '../../domain/events';

export type { PartnerDocument };

/** Staff act on a case: validated against the payload schema, the actor's role and the current state. */
export const actUpdate = defineUpdate<CaseView, [CaseEventInput]>('act');

export const partnerDocumentSignal = defineSignal<[PartnerDocument]>('partnerDocument');

export const viewQuery = defineQuery<CaseView>('view');
export const auditQuery = defineQuery<AuditEntry[]>('audit');

/** Failure types an update validator raises; clients map them to 400, 403 and 409. */
export const REFUSAL = {
  invalidPayload: 'InvalidPayload',
  roleNotAllowed: 'RoleNotAllowed',
  actionNotAllowed: 'ActionNotAllowed',
  outsideWindow: 'ApplicationWindowClosed',
} as const;

export interface RefusalDetails {
  state: string[];
  allowed: { type: string; roles: string[] }[];
  issues?: { path: string; message: string }[];
  /** When a submission falls outside the application window: the next one, if the rules know it. */
  nextWindow?: NextWindow;
}
