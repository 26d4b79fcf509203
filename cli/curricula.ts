import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CaseError } from '../client/errors';
import type { KbtuCourse, PartnerCourse } from '../domain/curriculum';
import type { CurriculaService, ImportOutcome } from '../services/curricula';
import { parseActor } from './args';

export const CURRICULA_USAGE = `  mobility curricula import-kbtu FILE.csv|FILE.json --as dean_office:ID
                                     load KBTU working curricula (whole semesters; all rows or none)
  mobility curricula import-catalogue PARTNER_ID FILE.csv|FILE.json --as di_officer:ID
                                     load a partner's course catalogue (replaces it; all rows or none)
  mobility curricula show PROGRAMME SEMESTER | catalogue PARTNER_ID
  mobility curricula suggest PARTNER_ID --programme P --semester N   the register's approved matches`;

interface Options {
  json: boolean;
  as?: string;
  programme?: string;
  semester?: string;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CaseError('invalid', `cannot read ${file}: ${(err as Error).message}`);
  }
}

function report(file: string, outcome: ImportOutcome, json: boolean): number {
  if (json) console.log(JSON.stringify(outcome, null, 2));
  if (!outcome.ok) {
    const lines = outcome.errors.map(
      (e) => `${file}:${e.line}: ${e.column ? `${e.column}: ` : ''}${e.message}`,
    );
    console.error(
      [
        ...lines,
        `nothing loaded: ${outcome.errors.length} problem(s); fix them and import the whole file again`,
      ].join('\n'),
    );
    return 2;
  }
  if (json) return 0;
  console.log(
    outcome.kind === 'kbtu'
      ? outcome.semesters
          .map((s) => `loaded ${s.programme} semester ${s.semester}: ${s.courses} course(s)`)
          .join('\n')
      : `loaded ${outcome.courses} course(s) into the catalogue of ${outcome.partnerId}`,
  );
  return 0;
}

const kbtuLine = (c: KbtuCourse) =>
  `${c.code.padEnd(10)} ${String(c.credits).padStart(4)} cr  ${c.component}${c.electiveType ? ` (${c.electiveType.replace('_', ' ')})` : ''}  ${c.title}`;
const partnerLine = (c: PartnerCourse) =>
  `${c.code.padEnd(10)} ${String(c.credits).padStart(4)} cr  ${c.level}, ${c.language}${c.electiveType ? `, ${c.electiveType.replace('_', ' ')}` : ''}  ${c.title}`;

/** `mobility curricula …`: the curricula files under DATA_DIR, without Temporal. Returns the exit code. */
export async function runCurriculaCommand(
  args: string[],
  opts: Options,
  curricula: CurriculaService,
): Promise<number> {
  const [sub, a, b] = args;
  const print = (value: unknown, human: string) =>
    console.log(opts.json ? JSON.stringify(value, null, 2) : human);
  switch (sub) {
    case 'import-kbtu': {
      if (!a) throw new CaseError('invalid', 'curricula import-kbtu needs a file');
      const content = await readText(a);
      return report(
        a,
        await curricula.importKbtu({ actor: parseActor(opts.as), fileName: basename(a), content }),
        opts.json,
      );
    }
    case 'import-catalogue': {
      if (!a || !b)
        throw new CaseError('invalid', 'curricula import-catalogue needs a partner id and a file');
      const content = await readText(b);
      const request = { actor: parseActor(opts.as), fileName: basename(b), content };
      return report(b, await curricula.importCatalogue(a, request), opts.json);
    }
    case 'show': {
      const courses = await curricula.semester(a ?? '', Number(b));
      if (courses.length === 0)
        throw new CaseError('notFound', `no working curriculum for ${a} semester ${b}`);
      print(courses, courses.map(kbtuLine).join('\n'));
      return 0;
    }
    case 'catalogue': {
      const courses = await curricula.catalogue(a ?? '');
      if (courses.length === 0) throw new CaseError('notFound', `no course catalogue for partner ${a}`);
      print(courses, courses.map(partnerLine).join('\n'));
      return 0;
    }
    case 'suggest': {
      const list = await curricula.suggestions(a ?? '', opts.programme ?? '', Number(opts.semester));
      print(
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
    }
    default:
      throw new CaseError('invalid', `unknown curricula command "${sub ?? ''}":\n${CURRICULA_USAGE}`);
  }
}
