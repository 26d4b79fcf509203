import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DocumentVerdict } from '../domain/document';
import type { IncomingSummary } from '../client/incoming-listing';
import {
  IssuedDocument,
  type IncomingActionResult,
  type IncomingAuditEntry,
  type IncomingCaseView,
} from '../domain/incoming';
import { buildEvent } from './args';
import {
  type CommandContext,
  type CommandSpec,
  CliError,
  type Flags,
  need,
  type OptionSpec,
  str,
  listed,
  listMax,
} from './command';
import { formatDocumentVerdict, formatHistory } from './format';
import { formatIncomingCase, formatIncomingList, formatIncomingResult } from './incoming-format';
import { seg } from './http';

const CASE_ID = 'incoming-tum-2027-spring-ga12345';

/** The student's fields of a nomination, each an option named as the CSV's column is (kebab-case). */
const STUDENT: [flag: string, field: string, value: string, help: string][] = [
  ['student-id', 'partnerStudentId', 'ID', "the student's id at the partner"],
  ['given-name', 'givenName', 'NAME', 'given name'],
  ['family-name', 'familyName', 'NAME', 'family name'],
  ['birth-date', 'birthDate', 'DATE', 'YYYY-MM-DD'],
  ['citizenship', 'citizenship', 'CC', 'ISO 3166 alpha-2, e.g. DE (decides whether a visa is needed)'],
  ['email', 'email', 'EMAIL', "the student's e-mail"],
  ['level', 'level', 'L', 'bachelor|master'],
  ['field', 'field', 'TEXT', 'the field of study'],
];

const readText = (path: string) =>
  readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError('invalid', `${path}: cannot read the file (${err.code ?? err.message})`);
  });

/** The body of `POST /incoming/nominations` from the flags; what is missing the server names. */
function nominationBody(f: Flags) {
  const student: Record<string, unknown> = {};
  for (const [flag, field] of STUDENT) if (str(f[flag]) !== undefined) student[field] = str(f[flag]);
  const number = str(f.passport);
  const expiresOn = str(f['passport-expires']);
  if (number !== undefined || expiresOn !== undefined) student.passport = { number, expiresOn };
  return {
    ...(str(f.partner) !== undefined ? { partnerId: str(f.partner) } : {}),
    semester: str(f.semester),
    school: str(f.school),
    student,
  };
}

async function nominate(ctx: CommandContext): Promise<number> {
  const api = await ctx.api();
  const csv = str(ctx.flags.csv);
  if (csv === undefined) {
    const view = (await api.post('/incoming/nominations', nominationBody(ctx.flags))) as IncomingCaseView;
    ctx.print(view, `nominated ${formatIncomingCase(view)}`);
    return 0;
  }
  const typed = [
    ...STUDENT.map(([flag]) => flag),
    'partner',
    'semester',
    'school',
    'passport',
    'passport-expires',
  ];
  const also = typed.filter((flag) => ctx.flags[flag] !== undefined);
  if (also.length)
    throw new CliError('invalid', `--csv takes the nominations from the file; drop --${also.join(', --')}`);
  const out = (await api.post('/incoming/nominations/csv', { content: await readText(csv) })) as {
    cases: { line: number; caseId: string }[];
  };
  ctx.print(
    out,
    [
      `nominated ${out.cases.length} student(s):`,
      ...out.cases.map((c) => `  line ${c.line}: ${c.caseId}`),
    ].join('\n'),
  );
  return 0;
}

const nominateOptions: Record<string, OptionSpec> = {
  csv: {
    type: 'string',
    value: 'FILE',
    help: 'many at once: a CSV with the header partnerId (DI only),semester,school,partnerStudentId,...; all or nothing',
  },
  partner: {
    type: 'string',
    value: 'ID',
    help: "DI: the partner nominating (a partner's own sign-in: none)",
  },
  semester: { type: 'string', value: 'S', help: 'the semester at KBTU, e.g. 2027-spring' },
  school: { type: 'string', value: 'CODE', help: 'the hosting KBTU school, e.g. SITE' },
  ...Object.fromEntries(STUDENT.map(([flag, , value, help]) => [flag, { type: 'string', value, help }])),
  passport: { type: 'string', value: 'NUMBER', help: 'passport number (kept encrypted, shown masked)' },
  'passport-expires': { type: 'string', value: 'DATE', help: "the passport's expiry, YYYY-MM-DD" },
};

/** `mobility incoming …`: incoming cases through the API as the signed-in user (DI, a partner, a dean's office...). */
export const INCOMING_COMMANDS: CommandSpec[] = [
  {
    name: 'incoming nominate',
    args: '',
    summary:
      "nominate a partner's student to KBTU (the partner's sign-in, or DI with --partner); --csv for many",
    options: nominateOptions,
    example:
      'mobility incoming nominate --semester 2027-spring --school SITE --student-id GA12345 --given-name Jonas \\\n' +
      '    --family-name Weber --birth-date 2003-02-11 --citizenship DE --email jonas@tum.example \\\n' +
      '    --passport C7Y123456 --passport-expires 2031-05-01 --level bachelor --field Informatics --user partner-tum\n' +
      'mobility incoming nominate --csv nominations.csv --user partner-tum',
    via: 'api',
    run: nominate,
  },
  {
    name: 'incoming list',
    args: '',
    summary: 'the incoming cases in your scope (a partner its nominees, a dean its school)',
    options: {
      stage: { type: 'string', value: 'S', help: 'e.g. application, invitations, study' },
      partner: { type: 'string', value: 'ID', help: 'the nominating partner, e.g. tum' },
      school: { type: 'string', value: 'CODE', help: 'the hosting school, e.g. SITE' },
      'visa-required': { type: 'string', value: 'true|false', help: 'whether the citizenship needs a visa' },
      overdue: { type: 'boolean', help: 'only cases whose next deadline has passed' },
      status: { type: 'string', value: 'open|finished', help: 'running or finished cases' },
      limit: { type: 'string', value: 'N', help: 'at most N cases (default: all, read a page at a time)' },
    },
    example: 'mobility incoming list --school SITE --visa-required true',
    via: 'api',
    run: async (ctx) => {
      const f = ctx.flags;
      const max = listMax(f.limit);
      const { items, more } = await (
        await ctx.api()
      ).getPages<IncomingSummary>(
        '/incoming/cases',
        {
          stage: str(f.stage),
          partnerId: str(f.partner),
          school: str(f.school),
          visaRequired: str(f['visa-required']),
          overdue: f.overdue ? 'true' : undefined,
          status: str(f.status),
        },
        max,
      );
      ctx.print(items, listed(formatIncomingList(items), more));
      return 0;
    },
  },
  {
    name: 'incoming show',
    args: 'CASE_ID',
    summary:
      'an incoming case: student (passport masked), visa rule, documents, agreement, deadlines, allowed actions',
    options: {},
    example: `mobility incoming show ${CASE_ID}`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('incoming show'), 1);
      const view = (await (await ctx.api()).get(`/incoming/cases/${seg(id!)}`)) as IncomingCaseView;
      ctx.print(view, formatIncomingCase(view));
      return 0;
    },
  },
  {
    name: 'incoming act',
    args: 'CASE_ID EVENT',
    summary:
      'send an action to an incoming case as the signed-in user; the incoming machine accepts or refuses it',
    options: {
      reason: { type: 'string', value: 'TEXT', help: 'why (rejection, withdrawal, cancel)' },
      note: { type: 'string', value: 'TEXT', help: 'a note kept in the history' },
      set: {
        type: 'string',
        multiple: true,
        value: 'FIELD=VALUE',
        help: 'a field of the action; JSON when it parses (["CSCI2106"]), text otherwise; repeatable',
      },
    },
    example: `mobility incoming act ${CASE_ID} AGREE_LEARNING_AGREEMENT --set school=SITE --user marat`,
    via: 'api',
    run: async (ctx) => {
      const [id, event] = need(ctx, spec('incoming act'), 2);
      const result = (await (
        await ctx.api()
      ).post(`/incoming/cases/${seg(id!)}/actions`, buildEvent(event!, ctx.flags))) as IncomingActionResult;
      ctx.print(result, formatIncomingResult(result));
      return 0;
    },
  },
  {
    name: 'incoming upload',
    args: 'CASE_ID FILE',
    summary:
      'upload an application form, passport copy or learning agreement; the case checks it byte by byte',
    options: {
      kind: { type: 'string', value: 'KIND', help: 'application_form|passport_scan|learning_agreement' },
    },
    example: `mobility incoming upload ${CASE_ID} form.pdf --kind application_form --user partner-tum`,
    via: 'api',
    run: async (ctx) => {
      const [id, path] = need(ctx, spec('incoming upload'), 2);
      const bytes = await readFile(path!).catch((err: NodeJS.ErrnoException) => {
        throw new CliError('invalid', `${path}: cannot read the file (${err.code ?? err.message})`);
      });
      const form = new FormData();
      if (str(ctx.flags.kind) !== undefined) form.append('kind', str(ctx.flags.kind)!);
      form.append('file', new Blob([bytes]), basename(path!));
      const out = (await (await ctx.api()).postForm(`/incoming/cases/${seg(id!)}/documents`, form)) as {
        verdict: DocumentVerdict;
        result: IncomingActionResult;
      };
      ctx.print(out, `${formatDocumentVerdict(out.verdict)}\n${formatIncomingResult(out.result)}`);
      return 0;
    },
  },
  {
    name: 'incoming download',
    args: 'CASE_ID DOCUMENT',
    summary: `a PDF KBTU made for the case (${IssuedDocument.options.join(' or ')}), written to a file`,
    options: {
      out: { type: 'string', value: 'FILE', help: 'where to write it (default CASE_ID-DOCUMENT.pdf here)' },
    },
    example: `mobility incoming download ${CASE_ID} invitation-letter --out letter.pdf`,
    via: 'api',
    run: async (ctx) => {
      const [id, name] = need(ctx, spec('incoming download'), 2);
      const document = IssuedDocument.safeParse(name);
      if (!document.success)
        throw new CliError('invalid', `DOCUMENT: ${IssuedDocument.options.join(' or ')}, not ${name}`, {
          issues: [{ path: 'document', message: IssuedDocument.options.join(' or ') }],
        });
      const pdf = await (await ctx.api()).getBytes(`/incoming/cases/${seg(id!)}/issued/${document.data}`);
      const out = str(ctx.flags.out) ?? `${id}-${document.data}.pdf`;
      await writeFile(out, pdf);
      ctx.print({ written: out, bytes: pdf.length }, `wrote the ${document.data} of ${id} to ${out}`);
      return 0;
    },
  },
  {
    name: 'incoming history',
    args: 'CASE_ID',
    summary: "an incoming case's audit trail: time, actor, role, event, from, to and reason",
    options: {},
    example: `mobility incoming history ${CASE_ID} --json`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('incoming history'), 1);
      const entries = (await (
        await ctx.api()
      ).get(`/incoming/cases/${seg(id!)}/history`)) as IncomingAuditEntry[];
      ctx.print(entries, formatHistory(entries));
      return 0;
    },
  },
];

function spec(name: string): CommandSpec {
  return INCOMING_COMMANDS.find((c) => c.name === name)!;
}
