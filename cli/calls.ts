import type { CallRegistry } from '../client/calls';
import { CaseError } from '../client/errors';
import type { Call } from '../domain/call';
import { parseActor } from './args';

export interface CallFlags {
  as?: string;
  track?: string;
  semester?: string;
  title?: string;
  schools?: string;
  opens?: string;
  closes?: string;
  region?: string;
}

export function formatCall(c: Call): string {
  const dates = c.window
    ? `applications ${c.window.opensAt} to ${c.window.closesAt}`
    : "the policy's windows";
  const schools = c.schools ? `, schools ${c.schools.join(', ')}` : '';
  const region = c.region ? `, region ${c.region}` : '';
  return `${c.id}  ${c.track}  ${c.mobilitySemester}  ${c.title}  (${dates}${schools}${region})`;
}

/** `mobility calls open|list`: the embedded call registry (DATA_DIR/calls.json), no server needed. */
export async function runCallsCommand(
  args: string[],
  flags: CallFlags,
  opts: { json: boolean; registry: CallRegistry },
): Promise<number> {
  const { registry } = opts;
  const [sub, id] = args;
  if (sub === 'list') {
    const calls = await registry.list();
    console.log(opts.json ? JSON.stringify(calls, null, 2) : calls.map(formatCall).join('\n') || 'no calls');
    return 0;
  }
  if (sub === 'open') {
    const call = await registry.open({
      id,
      track: flags.track,
      mobilitySemester: flags.semester,
      title: flags.title,
      ...(flags.schools ? { schools: flags.schools.split(',') } : {}),
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.opens || flags.closes ? { window: { opensAt: flags.opens, closesAt: flags.closes } } : {}),
      actor: parseActor(flags.as),
    });
    console.log(opts.json ? JSON.stringify(call, null, 2) : `opened ${formatCall(call)}`);
    return 0;
  }
  throw new CaseError('invalid', 'calls: use "mobility calls open CALL_ID ..." or "mobility calls list"');
}
