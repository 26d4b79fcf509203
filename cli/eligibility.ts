import { numberOrText } from '../client/form';
import type { EligibilityVerdict } from '../domain/eligibility';
import { type CommandContext, type CommandSpec, need } from './command';
import { seg } from './http';

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

/**
 * `mobility eligibility STUDENT_ID ...`: a policy check on this machine, from the records in DATA_DIR and
 * the policy file, changing nothing (no case is opened, nothing is sent). A call named by id alone is a
 * workflow on the server: it is read through the API (signed in) and asked about as described.
 */
export const ELIGIBILITY_COMMAND: CommandSpec = {
  name: 'eligibility',
  args: 'STUDENT_ID',
  summary:
    'every eligibility rule, explained, from the local records and the policy (a what-if; changes nothing)',
  options: {
    call: {
      type: 'string',
      value: 'CALL_ID',
      help: 'an open call by id (read through the API, signed in), or the id of the call described below',
    },
    track: { type: 'string', value: 'T', help: 'self_funded|mshe|erasmus (a call described in full)' },
    semester: { type: 'string', value: 'S', help: 'the mobility semester, e.g. 2027-spring' },
    schools: { type: 'string', value: 'A,B', help: "an Erasmus+ call's schools" },
    opens: { type: 'string', value: 'ISO', help: 'applications open' },
    closes: { type: 'string', value: 'ISO', help: 'applications close' },
    at: { type: 'string', value: 'ISO', help: 'the moment of application (default: now)' },
    ielts: { type: 'string', value: 'SCORE', help: 'an IELTS overall band' },
    'ielts-date': { type: 'string', value: 'DATE', help: "the IELTS test's date" },
    audition: { type: 'string', value: 'passed|failed', help: 'the English audition' },
  },
  example: 'mobility eligibility 22B040087 --track self_funded --call self-2027 --semester 2027-spring',
  via: 'local',
  run: async (ctx) => {
    const [studentId] = need(ctx, ELIGIBILITY_COMMAND, 1);
    const flags = ctx.flags as EligibilityFlags;
    const verdict = await ctx.deps.eligibility()(await eligibilityRequest(ctx, studentId!, flags));
    ctx.print(verdict, formatVerdict(verdict));
    return 0;
  },
};

/** What the verdict reads of a call (domain/eligibility.ts EligibilityCall). */
interface AskedCall {
  id?: string;
  track?: string;
  mobilitySemester?: string;
  schools?: string[];
  window?: { opensAt?: string; closesAt?: string };
}

/** The call a call view of the API carries, as eligibility reads it. */
async function openCall(ctx: CommandContext, callId: string): Promise<AskedCall> {
  const { call } = (await (await ctx.api()).get(`/calls/${seg(callId)}`)) as { call: AskedCall };
  const { id, track, mobilitySemester, schools, window } = call;
  return { id, track, mobilitySemester, ...(schools ? { schools } : {}), ...(window ? { window } : {}) };
}

async function eligibilityRequest(ctx: CommandContext, studentId: string, flags: EligibilityFlags) {
  // Only --call: an open call by its id; with --track and the rest: a call described in full.
  const described = flags.track !== undefined || flags.semester !== undefined;
  const call: AskedCall | undefined = described
    ? {
        id: flags.call,
        track: flags.track,
        mobilitySemester: flags.semester,
        ...(flags.schools ? { schools: flags.schools.split(',') } : {}),
        ...(flags.opens || flags.closes ? { window: { opensAt: flags.opens, closesAt: flags.closes } } : {}),
      }
    : flags.call
      ? await openCall(ctx, flags.call)
      : undefined;
  return {
    studentId,
    ...(call ? { call } : {}),
    ...(flags.at ? { at: flags.at } : {}),
    ...(flags.ielts ? { ielts: { score: numberOrText(flags.ielts), testDate: flags['ielts-date'] } } : {}),
    ...(flags.audition
      ? {
          auditionPassed:
            flags.audition === 'passed' ? true : flags.audition === 'failed' ? false : flags.audition,
        }
      : {}),
  };
}
