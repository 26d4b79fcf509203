import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ActionResult, AuditEntry, CaseView } from '../domain/case-view';
import type { DocumentVerdict } from '../domain/document';
import type { CaseSummary } from '../client/listing';
import type { CallRanking } from '../services/ranking';
import type { InboxMessage } from '../stores/inbox';
import { buildEvent } from './args';
import { readGradesFile } from './grades-file';
import { type CommandSpec, need, str, CliError, listed, listMax } from './command';
import {
  formatActionResult,
  formatCase,
  formatDocumentVerdict,
  formatHistory,
  formatInbox,
  formatList,
  formatRanking,
} from './format';
import { seg } from './http';

const CASE_ID = 'outgoing-erasmus-tum-2027-23b030112';

const only = (entries: [string, string | undefined][]) =>
  Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));

/** The case commands: each one request to the HTTP API as the signed-in user, who is the actor. */
export const CASE_COMMANDS: CommandSpec[] = [
  {
    name: 'open',
    args: '--call CALL_ID',
    summary:
      "open a case from the registrar's record: a student for themself; DI for the student named by --student-id",
    options: {
      call: { type: 'string', value: 'CALL_ID', help: 'the call applied to (required)' },
      'student-id': { type: 'string', value: 'ID', help: "the student's registrar id (DI; a student: none)" },
      track: { type: 'string', value: 'T', help: "self_funded|mshe|erasmus; default: the call's" },
      semester: {
        type: 'string',
        value: 'S',
        help: "the mobility semester, e.g. 2027-spring; default: the call's",
      },
      channel: { type: 'string', value: 'C', help: "uninet|email; default: the policy's for the degree" },
      preferences: {
        type: 'string',
        value: 'P,Q',
        help: "the call's places the student wants, best first (place ids: calls show CALL_ID)",
      },
    },
    example: 'mobility open --call erasmus-tum-2027 --student-id 23B030112',
    via: 'api',
    run: async (ctx) => {
      const f = ctx.flags;
      const body = only([
        ['callId', str(f.call)],
        ['studentId', str(f['student-id'])],
        ['track', str(f.track)],
        ['semester', str(f.semester)],
        ['channel', str(f.channel)],
      ]);
      const preferences = str(f.preferences)?.split(',');
      const view = (await (
        await ctx.api()
      ).post('/cases', {
        ...body,
        ...(preferences ? { preferences } : {}),
      })) as CaseView;
      ctx.print(view, formatCase(view));
      return 0;
    },
  },
  {
    name: 'act',
    args: 'CASE_ID EVENT',
    summary: "send an action to a case as the signed-in user; the case's machine accepts or refuses it",
    options: {
      reason: { type: 'string', value: 'TEXT', help: 'why (rejections, refusals, withdrawal, cancel)' },
      note: { type: 'string', value: 'TEXT', help: 'a note kept in the history' },
      set: {
        type: 'string',
        multiple: true,
        value: 'FIELD=VALUE',
        help: 'a field of the action; JSON when it parses (30, ["ACC201"]), text otherwise; repeatable',
      },
      grades: {
        type: 'string',
        value: 'FILE.csv',
        help: "RECORD_PARTNER_TRANSCRIPT: the partner's grades, a CSV with columns partner_code and grade",
      },
    },
    example: `mobility act ${CASE_ID} NOMINATE_TO_PARTNER --set partnerId=tum --set partnerName="TU Munich"`,
    via: 'api',
    run: async (ctx) => {
      const [id, event] = need(ctx, spec('act'), 2);
      const file = str(ctx.flags.grades);
      const grades = file === undefined ? {} : { grades: await readGradesFile(file) };
      const result = (await (
        await ctx.api()
      ).post(`/cases/${seg(id!)}/actions`, { ...buildEvent(event!, ctx.flags), ...grades })) as ActionResult;
      ctx.print(result, formatActionResult(result));
      return 0;
    },
  },
  {
    name: 'upload',
    args: 'CASE_ID FILE',
    summary: 'upload a document to a case; the case checks it byte by byte and shows the verdict',
    options: {
      kind: {
        type: 'string',
        value: 'KIND',
        help: 'transcript, passport_scan, ... (the checklist names them)',
      },
      ielts: { type: 'string', value: 'SCORE', help: "an IELTS certificate's overall band" },
      'ielts-date': { type: 'string', value: 'DATE', help: "the IELTS test's date (YYYY-MM-DD)" },
      'english-confirmed': { type: 'boolean', help: 'staff confirm the English level read off the file' },
    },
    example: `mobility upload ${CASE_ID} seed/documents/transcript.pdf --kind transcript`,
    via: 'api',
    run: async (ctx) => {
      const [id, path] = need(ctx, spec('upload'), 2);
      const bytes = await readFile(path!).catch((err: NodeJS.ErrnoException) => {
        throw new CliError('invalid', `${path}: cannot read the file (${err.code ?? err.message})`);
      });
      const form = new FormData();
      const fields = only([
        ['kind', str(ctx.flags.kind)],
        ['ieltsScore', str(ctx.flags.ielts)],
        ['ieltsTestDate', str(ctx.flags['ielts-date'])],
        ['englishConfirmedByStaff', ctx.flags['english-confirmed'] ? 'true' : undefined],
      ]);
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([bytes]), basename(path!));
      const out = (await (await ctx.api()).postForm(`/cases/${seg(id!)}/documents`, form)) as {
        verdict: DocumentVerdict;
        result: ActionResult;
      };
      ctx.print(out, `${formatDocumentVerdict(out.verdict)}\n${formatActionResult(out.result)}`);
      return 0;
    },
  },
  {
    name: 'show',
    args: 'CASE_ID',
    summary: 'the case: stage, eligibility, documents, deadlines and the actions allowed now (and to whom)',
    options: {},
    example: `mobility show ${CASE_ID}`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('show'), 1);
      const view = (await (await ctx.api()).get(`/cases/${seg(id!)}`)) as CaseView;
      ctx.print(view, formatCase(view));
      return 0;
    },
  },
  {
    name: 'history',
    args: 'CASE_ID',
    summary: 'the audit trail: every transition with time, actor, role, event, from, to and reason',
    options: {},
    example: `mobility history ${CASE_ID} --json`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('history'), 1);
      const entries = (await (await ctx.api()).get(`/cases/${seg(id!)}/history`)) as AuditEntry[];
      ctx.print(entries, formatHistory(entries));
      return 0;
    },
  },
  {
    name: 'list',
    args: '',
    summary: 'the cases in your scope, by search attributes',
    options: {
      stage: { type: 'string', value: 'S', help: 'e.g. placement' },
      track: { type: 'string', value: 'T', help: 'self_funded|mshe|erasmus' },
      school: { type: 'string', value: 'CODE', help: 'e.g. SITE' },
      student: { type: 'string', value: 'ID', help: "a student's registrar id" },
      call: { type: 'string', value: 'CALL_ID', help: 'the call' },
      status: { type: 'string', value: 'open|finished', help: 'running or finished cases' },
      limit: { type: 'string', value: 'N', help: 'at most N cases (default: all, read a page at a time)' },
    },
    example: 'mobility list --stage placement --school SITE',
    via: 'api',
    run: async (ctx) => {
      const f = ctx.flags;
      const max = listMax(f.limit);
      const { items, more } = await (
        await ctx.api()
      ).getPages<CaseSummary>(
        '/cases',
        {
          stage: str(f.stage),
          track: str(f.track),
          school: str(f.school),
          studentId: str(f.student),
          callId: str(f.call),
          status: str(f.status),
        },
        max,
      );
      ctx.print(items, listed(formatList(items), more));
      return 0;
    },
  },
  {
    name: 'partner-document',
    args: 'CASE_ID',
    summary: "a partner's system sends a document the case awaits (signed in with its client credentials)",
    options: { kind: { type: 'string', value: 'invitationLetter|transcript', help: 'which document' } },
    example: `mobility partner-document ${CASE_ID} --kind invitationLetter --user partner-tum`,
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('partner-document'), 1);
      const api = await ctx.api();
      await api.post(`/cases/${seg(id!)}/partner-documents`, only([['kind', str(ctx.flags.kind)]]));
      const view = (await api.get(`/cases/${seg(id!)}`)) as CaseView;
      ctx.print(view, formatCase(view));
      return 0;
    },
  },
  {
    name: 'ranking',
    args: 'CALL_ID',
    summary:
      "every applicant's result in rank order: place or waitlist position, and the reason (staff; provisional while the call is open)",
    options: {},
    example: 'mobility ranking erasmus-tum-2027',
    via: 'api',
    run: async (ctx) => {
      const [id] = need(ctx, spec('ranking'), 1);
      const ranking = (await (await ctx.api()).get(`/calls/${seg(id!)}/ranking`)) as CallRanking;
      ctx.print(ranking, formatRanking(ranking));
      return 0;
    },
  },
  {
    name: 'inbox',
    args: '',
    summary: 'the mail in the local SMTP sink (staff only; with a real relay there is none)',
    options: {
      to: { type: 'string', value: 'EMAIL', help: 'mail to this address' },
      case: { type: 'string', value: 'CASE_ID', help: 'mail about this case' },
    },
    example: `mobility inbox --case ${CASE_ID}`,
    via: 'api',
    run: async (ctx) => {
      const messages = (await (
        await ctx.api()
      ).get('/inbox', {
        to: str(ctx.flags.to),
        caseId: str(ctx.flags.case),
      })) as InboxMessage[];
      ctx.print(messages, formatInbox(messages));
      return 0;
    },
  },
];

function spec(name: string): CommandSpec {
  return CASE_COMMANDS.find((c) => c.name === name)!;
}
