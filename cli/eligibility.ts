import { numberOrText } from '../client/form';
import { CaseError } from '../client/errors';
import type { EligibilityVerdict } from '../domain/eligibility';

export interface EligibilityFlags {
  track?: string;
  call?: string;
  semester?: string;
  schools?: string;
  at?: string;
  ielts?: string;
  'ielts-date'?: string;
  audition?: string;
  opens?: string;
  closes?: string;
}

export function formatVerdict(v: EligibilityVerdict): string {
  const lines = [
    `${v.eligible ? 'ELIGIBLE' : 'NOT ELIGIBLE'} for call ${v.callId} (${v.track}), policy ${v.policyVersion}, at ${v.at}`,
    ...v.rules.map((r) => `  ${r.passed ? 'pass' : 'FAIL'}  ${r.id.padEnd(20)} ${r.message}`),
    `  English audition: ${v.audition.replace('_', ' ')}`,
  ];
  if (v.nextWindow)
    lines.push(`  next application window: ${v.nextWindow.opensAt} to ${v.nextWindow.closesAt}`);
  return lines.join('\n');
}

/** `mobility eligibility STUDENT_ID ...`: the verdict from the local records and the policy, no server needed. */
export async function runEligibilityCommand(
  studentId: string | undefined,
  flags: EligibilityFlags,
  opts: { json: boolean; eligibility: (request: unknown) => Promise<EligibilityVerdict> },
): Promise<number> {
  if (!studentId)
    throw new CaseError(
      'invalid',
      'eligibility needs a student id, e.g. mobility eligibility 23B030112 --track mshe ...',
    );
  // Only --call: an open call by its id; with --track and the rest: a call described in full.
  const described = flags.track !== undefined || flags.semester !== undefined;
  const request = {
    studentId,
    ...(described
      ? {
          call: {
            id: flags.call,
            track: flags.track,
            mobilitySemester: flags.semester,
            ...(flags.schools ? { schools: flags.schools.split(',') } : {}),
            ...(flags.opens || flags.closes
              ? { window: { opensAt: flags.opens, closesAt: flags.closes } }
              : {}),
          },
        }
      : { callId: flags.call }),
    ...(flags.at ? { at: flags.at } : {}),
    ...(flags.ielts ? { ielts: { score: numberOrText(flags.ielts), testDate: flags['ielts-date'] } } : {}),
    ...(flags.audition
      ? {
          auditionPassed:
            flags.audition === 'passed' ? true : flags.audition === 'failed' ? false : flags.audition,
        }
      : {}),
  };
  const verdict = await opts.eligibility(request);
  console.log(opts.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict));
  return 0;
}
