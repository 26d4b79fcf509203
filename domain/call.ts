import { z } from 'zod';
import { Actor } from './actor';
import { PartnerId } from './agreement';
import { Degree, Student } from './case';
import { EligibilityCall } from './eligibility';
import type { FieldIssue } from './issues';
import type { Policy } from './policy';
import { Allowances } from './policy-tables';

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

/**
 * A call for applications as the international office opened it: its track, the semester the mobility
 * happens in, its application dates (its own for MSHE, whose dates follow the ministry's allocation, and
 * Erasmus+; the policy's for self-funded), the schools it is announced to, and the places it allocates.
 */
export const Call = EligibilityCall.extend({
  title: z.string().trim().min(3).max(200).describe('how staff and students name the call'),
  region: z
    .string()
    .optional()
    .describe("MSHE: the allocation region whose places the call fills (the policy's mshe.regions)"),
  places: z.array(CallPlace).min(1, 'a call allocates at least one pool of places'),
  closesAt: z.iso
    .datetime({ offset: true })
    .describe('when applications close and the call ranks and allocates by itself'),
  policyVersion: z.string(),
  openedBy: Actor,
  openedAt: z.iso.datetime({ offset: true }),
}).strict();
export type Call = z.infer<typeof Call>;

/** What staff send to open a call; the places are worked out from the policy and the agreements. */
export const OpenCallRequest = EligibilityCall.extend({
  title: Call.shape.title,
  region: Call.shape.region,
  regions: z.array(z.string()).min(1).optional().describe('MSHE: the regions whose places the call fills'),
  partners: z
    .array(
      z.strictObject({
        partnerId: PartnerId,
        places: z.int().min(0).max(1000).optional().describe("default: the agreement's places"),
      }),
    )
    .min(1)
    .optional()
    .describe('Erasmus+ (required) and self-funded (default: every agreement): the partners and places'),
  draft: z.boolean().optional().describe('true: the call is kept as a draft until DI opens it'),
  actor: Actor,
}).strict();
export type OpenCallRequest = z.infer<typeof OpenCallRequest>;

/** Only the international office opens calls. */
export const OPEN_CALL_ROLES = ['di_officer'] as const;

/** The workflow id of a call: one workflow per call. */
export const callWorkflowId = (callId: string) => `call-${callId}`;

/**
 * Problems of a call against the policy in force: a track that takes its dates from the call needs
 * them, a track restricted to schools needs them, and a track that does neither must not carry them.
 */
export function callPolicyIssues(
  call: Pick<OpenCallRequest, 'track' | 'window' | 'schools' | 'region' | 'regions' | 'partners'>,
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
  // Grant places are allocated per region (the policy's mshe.regions): a grant-funded call fills them.
  const known = policy.mshe.regions.map((r) => r.id);
  const regions = call.regions ?? (call.region === undefined ? [] : [call.region]);
  if (tp.grantFunded && (regions.length === 0 || regions.some((r) => !known.includes(r))))
    issues.push({
      path: call.regions ? 'regions' : 'region',
      message: `a ${call.track} call fills the grant places of regions among ${known.join(', ')} ${rule}`,
    });
  if (!tp.grantFunded && regions.length > 0)
    issues.push({ path: 'region', message: `only grant-funded calls have allocation regions ${rule}` });
  if (tp.grantFunded && call.partners)
    issues.push({
      path: 'partners',
      message: `${call.track} places are the ministry's regions, not partners ${rule}`,
    });
  return issues;
}
