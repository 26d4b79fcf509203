import { reconcileGrant, type GrantReconciliation } from '../../domain/grant';
import type { Allowances } from '../../domain/policy-tables';
import type { OutgoingCaseContext } from './context';
import type { MachineEvent } from './events';

/** Version 4 pays, reports and refunds MSHE grants per category; older cases keep their recorded steps. */
export const reconcilesGrant = (c: OutgoingCaseContext) => (c.machineVersion ?? 1) >= 4;

const regions = (c: OutgoingCaseContext) => c.policy.afterSelection?.grantRegions ?? {};

/**
 * What a disbursement pays: the allowances the call attached to the student's place or, for a student
 * the call did not place in a region (selected before calls decided), those of the region DI names.
 */
export function grantOf(
  c: OutgoingCaseContext,
  e: MachineEvent,
): { region: string | null; allowances: Allowances } | null {
  if (c.callDecision?.allowances)
    return { region: c.callDecision.placeId, allowances: c.callDecision.allowances };
  const region = e.type === 'DISBURSE_GRANT' ? e.region : undefined;
  const allowances = region === undefined ? undefined : regions(c)[region];
  return region !== undefined && allowances ? { region, allowances } : null;
}

export const regionIds = (c: OutgoingCaseContext) => Object.keys(regions(c)).join(', ');

/** The financial report's spend against the disbursed allowances; null when the event states none. */
export function statementOf(c: OutgoingCaseContext, e: MachineEvent): GrantReconciliation | null {
  const spend = e.type === 'ACCEPT_FINANCIAL_REPORT' || e.type === 'RECONCILE_FUNDS' ? e.spend : undefined;
  return spend && c.grant ? reconcileGrant(c.grant.allowances, spend) : null;
}
