import { z } from 'zod';
import { Actor } from './actor';
import { EligibilityCall } from './eligibility';
import type { FieldIssue } from './issues';
import type { Policy } from './policy';

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
