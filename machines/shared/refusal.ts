import type { NextWindow } from '../../domain/eligibility';

/** One vocabulary of refusals for every machine. How a refusal reads to a client: each maps to one HTTP status (see client/cases.ts). */
export const REFUSAL = {
  invalidPayload: 'InvalidPayload',
  roleNotAllowed: 'RoleNotAllowed',
  notInScope: 'NotInScope',
  actionNotAllowed: 'ActionNotAllowed',
  outsideWindow: 'ApplicationWindowClosed',
} as const;
export type RefusalType = (typeof REFUSAL)[keyof typeof REFUSAL];

export interface Refusal {
  type: RefusalType;
  message: string;
  issues?: { path: string; message: string }[];
  nextWindow?: NextWindow;
}

export const conflict = (message: string): Refusal => ({ type: REFUSAL.actionNotAllowed, message });
export const invalidField = (path: string, message: string): Refusal => ({
  type: REFUSAL.invalidPayload,
  message: `invalid event: ${path}: ${message}`,
  issues: [{ path, message }],
});
