import type { Call } from '../domain/call';
import { type CommandSpec, need, str } from './command';
import { seg } from './http';

export function formatCall(c: Call): string {
  const dates = c.window
    ? `applications ${c.window.opensAt} to ${c.window.closesAt}`
    : "the policy's windows";
  const schools = c.schools ? `, schools ${c.schools.join(', ')}` : '';
  const region = c.region ? `, region ${c.region}` : '';
  return `${c.id}  ${c.track}  ${c.mobilitySemester}  ${c.title}  (${dates}${schools}${region})`;
}

/** `mobility calls …`: the calls students apply to, through the API as the signed-in user. */
export const CALL_COMMANDS: CommandSpec[] = [
  {
    name: 'calls open',
    args: 'CALL_ID',
    summary: 'open a call (DI): MSHE and Erasmus+ carry their dates, MSHE a region, Erasmus+ its schools',
    options: {
      track: { type: 'string', value: 'T', help: 'self_funded|mshe|erasmus' },
      semester: { type: 'string', value: 'S', help: 'the mobility semester, e.g. 2027-spring' },
      title: { type: 'string', value: 'TEXT', help: "the call's title" },
      opens: { type: 'string', value: 'ISO', help: 'applications open (MSHE, Erasmus+)' },
      closes: { type: 'string', value: 'ISO', help: 'applications close (MSHE, Erasmus+)' },
      schools: { type: 'string', value: 'A,B', help: 'the schools an Erasmus+ call is announced to' },
      region: { type: 'string', value: 'R', help: "an MSHE call's region, e.g. europe" },
    },
    example:
      'mobility calls open erasmus-tum-2027 --track erasmus --semester 2027-spring --title "Erasmus+ with TU Munich" \\\n    --schools SITE,BS --opens 2026-12-01T00:00:00Z --closes 2026-12-31T23:59:59Z',
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, CALL_COMMANDS[0]!, 1);
      const f = ctx.flags;
      const opens = str(f.opens);
      const closes = str(f.closes);
      const call = (await (
        await ctx.api()
      ).post('/calls', {
        id,
        track: str(f.track),
        mobilitySemester: str(f.semester),
        title: str(f.title),
        ...(str(f.schools) ? { schools: str(f.schools)!.split(',') } : {}),
        ...(str(f.region) ? { region: str(f.region) } : {}),
        ...(opens || closes ? { window: { opensAt: opens, closesAt: closes } } : {}),
      })) as Call;
      ctx.print(call, `opened ${formatCall(call)}`);
      return 0;
    },
  },
  {
    name: 'calls list',
    args: '',
    summary: 'the calls open for applications',
    options: {},
    example: 'mobility calls list',
    via: 'api',
    run: async (ctx) => {
      const calls = (await (await ctx.api()).get('/calls')) as Call[];
      ctx.print(calls, calls.map(formatCall).join('\n') || 'no calls');
      return 0;
    },
  },
  {
    name: 'calls show',
    args: 'CALL_ID',
    summary: 'one call',
    options: {},
    example: 'mobility calls show erasmus-tum-2027',
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, CALL_COMMANDS[2]!, 1);
      const call = (await (await ctx.api()).get(`/calls/${seg(id!)}`)) as Call;
      ctx.print(call, formatCall(call));
      return 0;
    },
  },
];
