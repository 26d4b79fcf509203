import { z } from 'zod';
import { Actor } from './actor';
import { PartnerId } from './agreement';
import { Degree, Student } from './case';
import { EligibilityCall } from './eligibility';
import type { FieldIssue } from './issues';
import type { Policy } from './policy';
import { Allowances } from './policy-tables';

/**
 * A call for applications as the international office opens it: its track, the semester the mobility
 * happens in, and, where the track says so, its own application dates and the schools it is announced to.
 */
export const Call = EligibilityCall.extend({
  title: z.string().trim().min(3).max(200).describe('how staff and students name the call'),
  region: z
    .string()
    .optional()
    .describe("MSHE: the allocation region whose places the call fills (the policy's mshe.regions)"),
  openedBy: Actor,
  openedAt: z.iso.datetime({ offset: true }),
}).strict();
export type Call = z.infer<typeof Call>;

const PlaceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'place id must be lower-case letters, digits or dashes');

/**
 * One pool of places a call allocates: an MSHE region (with its per-category allowances), an Erasmus+
 * partner (for the schools of its area), or a self-funded partner agreement at one study level. Only
 * students who fit (school, degree) can be placed in it.
 */
export const CallPlace = z.strictObject({
  id: PlaceId,
  kind: z.enum(['region', 'partner', 'agreement']),
  name: z.string().trim().min(2).max(200),
  places: z.int().min(0).max(10000),
  partnerId: PartnerId.optional().describe('partner and agreement places: the partner DI nominates to'),
  schools: z.array(Student.shape.school).optional().describe('only students of these schools fit'),
  degrees: z.array(Degree).optional().describe('only students of these levels fit'),
  allowances: Allowances.optional().describe('MSHE: the allowances per category each student receives'),
});
export type CallPlace = z.infer<typeof CallPlace>;

/** A call with the places it allocates, when applications close, and the policy it ranks under. */
export const AllocatingCall = Call.extend({
  places: z.array(CallPlace).min(1, 'a call allocates at least one pool of places'),
  closesAt: z.iso.datetime({ offset: true }).describe('when applications close and the call ranks by itself'),
  policyVersion: z.string(),
}).strict();
export type AllocatingCall = z.infer<typeof AllocatingCall>;

/** What staff send to open a call. */
export const OpenCallRequest = Call.omit({ openedAt: true, openedBy: true })
  .extend({ actor: Actor })
  .strict();
export type OpenCallRequest = z.infer<typeof OpenCallRequest>;

/** Only the international office opens calls. */
export const OPEN_CALL_ROLES = ['di_officer'] as const;

/**
 * Problems of a call against the policy in force: a track that takes its dates from the call needs
 * them, a track restricted to schools needs them, and a track that does neither must not carry them.
 */
export function callPolicyIssues(
  call: Pick<Call, 'track' | 'window' | 'schools' | 'region'>,
  policy: Pick<Policy, 'version' | 'tracks' | 'mshe'>,
): FieldIssue[] {
  const tp = policy.tracks[call.track];
  const issues: FieldIssue[] = [];
  const rule = `(policy ${policy.version})`;
  if (tp.applicationWindow === 'call' && !call.window)
    issues.push({ path: 'window', message: `${call.track} calls carry their own application dates ${rule}` });
  if (tp.applicationWindow === 'policy' && call.window)
    issues.push({
      path: 'window',
      message: `${call.track} applications use the policy's windows; a call cannot set its own ${rule}`,
    });
  if (tp.callRestrictedToSchools && (call.schools ?? []).length === 0)
    issues.push({
      path: 'schools',
      message: `${call.track} calls name the schools they are announced to ${rule}`,
    });
  if (!tp.callRestrictedToSchools && call.schools !== undefined)
    issues.push({ path: 'schools', message: `${call.track} calls are open to every school ${rule}` });
  // Grant places are allocated per region (the policy's mshe.regions): a grant-funded call fills one.
  const regions = policy.mshe.regions.map((r) => r.id);
  if (tp.grantFunded && (call.region === undefined || !regions.includes(call.region)))
    issues.push({
      path: 'region',
      message: `a ${call.track} call fills one region's grant places: one of ${regions.join(', ')} ${rule}`,
    });
  if (!tp.grantFunded && call.region !== undefined)
    issues.push({ path: 'region', message: `only grant-funded calls have an allocation region ${rule}` });
  return issues;
}
