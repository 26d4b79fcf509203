import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KbtuCourse, PartnerCourse } from '../domain/curriculum';
import type { ImportOutcome, Suggestion } from '../services/curricula';
import { type CommandContext, type CommandSpec, need, str, CliError } from './command';
import { seg } from './http';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('invalid', `cannot read ${file}: ${(err as Error).message}`);
  }
}

const kbtuLine = (c: KbtuCourse) =>
  `${c.code.padEnd(10)} ${String(c.credits).padStart(4)} cr  ${c.component}${c.electiveType ? ` (${c.electiveType.replace('_', ' ')})` : ''}  ${c.title}`;
const partnerLine = (c: PartnerCourse) =>
  `${c.code.padEnd(10)} ${String(c.credits).padStart(4)} cr  ${c.level}, ${c.language}${c.electiveType ? `, ${c.electiveType.replace('_', ' ')}` : ''}  ${c.title}`;

type Row = { line: number; column?: string; message: string };

/** Sends a file's text to an import route; a refused file names every bad row by the file's line. */
async function importFile(ctx: CommandContext, path: string, file: string): Promise<number> {
  const content = await readText(file);
  let outcome: ImportOutcome;
  try {
    outcome = (await (await ctx.api()).post(path, { fileName: basename(file), content })) as ImportOutcome;
  } catch (err) {
    const rows = (err as CliError).details as { rows?: Row[] } | undefined;
    if (!(err instanceof CliError) || !rows?.rows) throw err;
    const lines = rows.rows.map((e) => `${file}:${e.line}: ${e.column ? `${e.column}: ` : ''}${e.message}`);
    throw new CliError(
      'invalid',
      [...lines, `nothing loaded: ${lines.length} problem(s); fix them and import the whole file again`].join(
        '\n',
      ),
      err.details,
    );
  }
  ctx.print(
    outcome,
    outcome.ok && outcome.kind === 'kbtu'
      ? outcome.semesters
          .map((s) => `loaded ${s.programme} semester ${s.semester}: ${s.courses} course(s)`)
          .join('\n')
      : outcome.ok
        ? `loaded ${outcome.courses} course(s) into the catalogue of ${outcome.partnerId}`
        : '',
  );
  return 0;
}

/** `mobility curricula …`: curricula, partner catalogues and the equivalence register, through the API. */
export const CURRICULA_COMMANDS: CommandSpec[] = [
  {
    name: 'curricula import-kbtu',
    args: 'FILE',
    summary:
      "load KBTU working curricula (a dean's office or DI; CSV or JSON; whole semesters; all rows or none)",
    options: {},
    example: 'mobility curricula import-kbtu seed/curricula/kbtu-working-curriculum.csv',
    via: 'api',
    run: async (ctx) => {
      const [file] = need(ctx, CURRICULA_COMMANDS[0]!, 1);
      return importFile(ctx, '/curricula/kbtu', file!);
    },
  },
  {
    name: 'curricula import-catalogue',
    args: 'PARTNER_ID FILE',
    summary: "load a partner's course catalogue (replaces it; all rows or none)",
    options: {},
    example: 'mobility curricula import-catalogue tum seed/curricula/tum-catalogue.csv',
    via: 'api',
    run: async (ctx) => {
      const [partner, file] = need(ctx, CURRICULA_COMMANDS[1]!, 2);
      return importFile(ctx, `/curricula/partners/${seg(partner!)}/catalogue`, file!);
    },
  },
  {
    name: 'curricula show',
    args: 'PROGRAMME SEMESTER',
    summary: "a programme's working curriculum for one semester",
    options: {},
    example: 'mobility curricula show 6B06102 4',
    via: 'api',
    run: async (ctx) => {
      const [programme, semester] = need(ctx, CURRICULA_COMMANDS[2]!, 2);
      const courses = (await (
        await ctx.api()
      ).get(`/curricula/kbtu/${seg(programme!)}/${seg(semester!)}`)) as KbtuCourse[];
      if (courses.length === 0)
        throw new CliError('notFound', `no working curriculum for ${programme} semester ${semester}`);
      ctx.print(courses, courses.map(kbtuLine).join('\n'));
      return 0;
    },
  },
  {
    name: 'curricula catalogue',
    args: 'PARTNER_ID',
    summary: "a partner's course catalogue",
    options: {},
    example: 'mobility curricula catalogue tum',
    via: 'api',
    run: async (ctx) => {
      const [partner] = need(ctx, CURRICULA_COMMANDS[3]!, 1);
      const courses = (await (
        await ctx.api()
      ).get(`/curricula/partners/${seg(partner!)}/catalogue`)) as PartnerCourse[];
      if (courses.length === 0) throw new CliError('notFound', `no course catalogue for partner ${partner}`);
      ctx.print(courses, courses.map(partnerLine).join('\n'));
      return 0;
    },
  },
  {
    name: 'curricula suggest',
    args: 'PARTNER_ID',
    summary: "the equivalence register's approved matches at a partner for a programme's semester",
    options: {
      programme: { type: 'string', value: 'P', help: 'the KBTU programme, e.g. 6B06102' },
      semester: { type: 'string', value: 'N', help: 'the semester of study, 1-12' },
    },
    example: 'mobility curricula suggest tum --programme 6B06102 --semester 4',
    via: 'api',
    run: async (ctx) => {
      const [partner] = need(ctx, CURRICULA_COMMANDS[4]!, 1);
      const list = (await (
        await ctx.api()
      ).get(`/curricula/partners/${seg(partner!)}/suggestions`, {
        programme: str(ctx.flags.programme),
        semester: str(ctx.flags.semester),
      })) as Suggestion[];
      ctx.print(
        list,
        list.length === 0
          ? 'no approved matches at this partner yet'
          : list
              .map(
                (s) =>
                  `${s.kbtuCode} <- ${s.partnerCodes.join(' + ')} (approved ${s.approvedTimes}x, last ${s.lastApprovedAt})`,
              )
              .join('\n'),
      );
      return 0;
    },
  },
];
