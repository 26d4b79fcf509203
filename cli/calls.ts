import { writeFile } from 'node:fs/promises';
import type { CallAuditEntry, CallView } from '../domain/call-view';
import { type CommandSpec, CliError, listed, listMax, need, str } from './command';
import { seg } from './http';

export function formatCall(v: CallView): string {
  const c = v.call;
  const dates = c.window
    ? `applications ${c.window.opensAt} to ${c.window.closesAt}`
    : `closes ${c.closesAt}`;
  const schools = c.schools ? `, schools ${c.schools.join(', ')}` : '';
  const places = v.places
    .map((p) => (p.taken === null ? `${p.id} ${p.places}` : `${p.id} ${p.taken}/${p.places} taken`))
    .join(', ');
  return `${c.id}  [${v.state}]  ${c.track}  ${c.mobilitySemester}  ${c.title}  (${dates}${schools}; ${v.applicants} applicant(s); places ${places})`;
}

function formatCallHistory(entries: CallAuditEntry[]): string {
  return entries
    .map(
      (e) =>
        `${e.seq}  ${e.at}  ${e.actor.role}:${e.actor.id}  ${e.event}  ${e.from} -> ${e.to}${e.caseId ? `  ${e.caseId}` : ''}${e.studentId ? ` (student ${e.studentId})` : ''}${e.reason ? `  (${e.reason})` : ''}`,
    )
    .join('\n');
}

/** "tum:3,epfl" as the partners of a call, each with its places where given. */
function partnersOf(text: string) {
  return text.split(',').map((item) => {
    const [partnerId, places] = item.split(':');
    return places === undefined ? { partnerId } : { partnerId, places: Number(places) };
  });
}

const CALL = 'erasmus-tum-2027';

/** `mobility calls …`: each call is a workflow; through the API as the signed-in user, who is the actor. */
export const CALL_COMMANDS: CommandSpec[] = [
  {
    name: 'calls open',
    args: 'CALL_ID',
    summary: 'open a call (DI): a workflow that closes at its date, ranks and allocates its places by itself',
    options: {
      track: { type: 'string', value: 'T', help: 'self_funded|mshe|erasmus' },
      semester: { type: 'string', value: 'S', help: 'the mobility semester, e.g. 2027-spring' },
      title: { type: 'string', value: 'TEXT', help: "the call's title" },
      opens: { type: 'string', value: 'ISO', help: 'applications open (MSHE, Erasmus+)' },
      closes: { type: 'string', value: 'ISO', help: 'applications close (MSHE, Erasmus+)' },
      schools: { type: 'string', value: 'A,B', help: 'the schools an Erasmus+ call is announced to' },
      region: { type: 'string', value: 'R', help: "an MSHE call's region, e.g. europe" },
      regions: { type: 'string', value: 'A,B', help: "an MSHE call's regions, each with its places" },
      partners: {
        type: 'string',
        value: 'P[:N],…',
        help: "the partners and places (Erasmus+; self-funded: default every agreement), e.g. tum:3,epfl; N defaults to the agreement's",
      },
      draft: { type: 'boolean', help: 'keep the call as a draft until DI opens it (calls act CALL_ID OPEN)' },
    },
    example:
      'mobility calls open erasmus-tum-2027 --track erasmus --semester 2027-spring --title "Erasmus+ with TU Munich" \\\n    --schools SITE,BS --partners tum:3 --opens 2026-12-01T00:00:00Z --closes 2026-12-31T23:59:59Z',
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('calls open'), 1);
      const f = ctx.flags;
      const opens = str(f.opens);
      const closes = str(f.closes);
      const list = (name: string) => (str(f[name]) ? { [name]: str(f[name])!.split(',') } : {});
      const view = (await (
        await ctx.api()
      ).post('/calls', {
        id,
        track: str(f.track),
        mobilitySemester: str(f.semester),
        title: str(f.title),
        ...list('schools'),
        ...list('regions'),
        ...(str(f.region) ? { region: str(f.region) } : {}),
        ...(str(f.partners) ? { partners: partnersOf(str(f.partners)!) } : {}),
        ...(f.draft === true ? { draft: true } : {}),
        ...(opens || closes ? { window: { opensAt: opens, closesAt: closes } } : {}),
      })) as CallView;
      ctx.print(view, `opened ${formatCall(view)}`);
      return 0;
    },
  },
  {
    name: 'calls list',
    args: '',
    summary: 'the calls, each with its state and places taken',
    options: {
      limit: { type: 'string', value: 'N', help: 'at most N calls (default: all, read a page at a time)' },
    },
    example: 'mobility calls list',
    via: 'api',
    run: async (ctx) => {
      const max = listMax(ctx.flags.limit);
      const { items, more } = await (await ctx.api()).getPages<CallView>('/calls', {}, max);
      ctx.print(items, listed(items.map(formatCall).join('\n') || 'no calls', more));
      return 0;
    },
  },
  {
    name: 'calls show',
    args: 'CALL_ID',
    summary: 'one call: its state, places taken and free, and the actions allowed now',
    options: {},
    example: `mobility calls show ${CALL}`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('calls show'), 1);
      const view = (await (await ctx.api()).get(`/calls/${seg(id!)}`)) as CallView;
      const allowed = view.allowedActions.map((a) => `${a.type} (${a.roles.join(', ')})`).join(', ');
      ctx.print(view, `${formatCall(view)}\n  allowed now: ${allowed || 'nothing'}`);
      return 0;
    },
  },
  {
    name: 'calls act',
    args: 'CALL_ID ACTION',
    summary:
      "act on a call: OPEN, CLOSE, OVERRIDE, PUBLISH, FINALISE, CANCEL (DI); ACCEPT_OFFER, DECLINE_OFFER (the student); the call's machine accepts or refuses it",
    options: {
      case: {
        type: 'string',
        value: 'CASE_ID',
        help: 'the applicant (OVERRIDE, ACCEPT_OFFER, DECLINE_OFFER)',
      },
      outcome: { type: 'string', value: 'O', help: 'OVERRIDE: selected|waitlisted|not_selected' },
      place: { type: 'string', value: 'PLACE_ID', help: 'OVERRIDE to selected: the place given' },
      reason: { type: 'string', value: 'TEXT', help: 'why (OVERRIDE, CANCEL); kept in the history' },
      note: { type: 'string', value: 'TEXT', help: 'a note kept in the history' },
    },
    example: `mobility calls act ${CALL} PUBLISH`,
    via: 'api',
    run: async (ctx) => {
      const [id, type] = need(ctx, spec('calls act'), 2);
      const f = ctx.flags;
      const fields: [string, string | undefined][] = [
        ['caseId', str(f.case)],
        ['outcome', str(f.outcome)],
        ['placeId', str(f.place)],
        ['reason', str(f.reason)],
        ['note', str(f.note)],
      ];
      const body = { type, ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)) };
      const view = (await (await ctx.api()).post(`/calls/${seg(id!)}/actions`, body)) as CallView;
      ctx.print(view, formatCall(view));
      return 0;
    },
  },
  {
    name: 'calls results',
    args: 'CALL_ID',
    summary: "the call's results for the notice board (staff): rank, student, result, reason, allowances",
    options: {
      format: {
        type: 'string',
        value: 'F',
        help: 'json (default), csv, or pdf (the list for the notice board)',
      },
      out: { type: 'string', value: 'FILE', help: 'write them to FILE instead of standard output' },
    },
    example: `mobility calls results ${CALL} --format pdf --out results.pdf`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('calls results'), 1);
      const format = str(ctx.flags.format) ?? 'json';
      if (format !== 'json' && format !== 'csv' && format !== 'pdf')
        throw new CliError('invalid', `--format: json, csv or pdf, not ${format}`, {
          issues: [{ path: 'format', message: 'json, csv or pdf' }],
        });
      const api = await ctx.api();
      const path = `/calls/${seg(id!)}/results`;
      // The CSV is not JSON: the client hands its text back as it came; the PDF comes as bytes.
      const content =
        format === 'pdf'
          ? await api.getBytes(path, { format })
          : format === 'csv'
            ? String(await api.get(path, { format }))
            : `${JSON.stringify(await api.get(path), null, 2)}\n`;
      const out = str(ctx.flags.out);
      if (!out) {
        process.stdout.write(content);
        return 0;
      }
      await writeFile(out, content);
      ctx.print({ written: out }, `wrote the results of ${id} to ${out}`);
      return 0;
    },
  },
  {
    name: 'calls history',
    args: 'CALL_ID',
    summary: "the call's audit trail (staff): every action and every change the call made by itself",
    options: {},
    example: `mobility calls history ${CALL}`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('calls history'), 1);
      const entries = (await (await ctx.api()).get(`/calls/${seg(id!)}/history`)) as CallAuditEntry[];
      ctx.print(entries, formatCallHistory(entries) || 'no entries');
      return 0;
    },
  },
];

function spec(name: string): CommandSpec {
  return CALL_COMMANDS.find((c) => c.name === name)!;
}
