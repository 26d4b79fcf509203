import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CallRegistry } from '../client/calls';
import type { CaseClient } from '../client/cases';
import { numberOrText } from '../client/form';
import { CaseError } from '../client/errors';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { CurriculaService } from '../services/curricula';
import type { CallRanking } from '../services/ranking';
import type { InboxReader } from '../stores/inbox';
import type { StudentRecordStore } from '../stores/student-records';
import { buildEvent, buildOpenRequest, parseActor, USAGE } from './args';
import {
  formatActionResult,
  formatCase,
  formatDocumentVerdict,
  formatHistory,
  formatInbox,
  formatList,
  formatRanking,
} from './format';
import { runCallsCommand } from './calls';
import { CURRICULA_USAGE, runCurriculaCommand } from './curricula';
import { runEligibilityCommand } from './eligibility';
import { runRecordsCommand } from './records';
import { runDataCommand, type DataOptions } from './data';

const EXIT = { invalid: 2, forbidden: 3, notFound: 4, conflict: 5, unauthorized: 6, unavailable: 7 } as const;

/** A connection to Temporal for the case commands; closed when the command is done. */
export interface CliSession {
  cases: CaseClient;
  ranking: (callId: string) => Promise<CallRanking>;
  close(): Promise<void>;
}

/**
 * What the CLI works with, wired by the composition root (app/cli.ts). Each is made on first use, so a
 * command that needs no server (records, calls, eligibility, inbox) does not connect to one.
 */
export interface CliDeps {
  inbox: () => InboxReader;
  /** The student-records store and where it is (named in messages); the database opens on first use. */
  records: () => { store: StudentRecordStore; where: string };
  data: () => Omit<DataOptions, 'json'>;
  calls: () => CallRegistry;
  eligibility: () => (request: unknown) => Promise<EligibilityVerdict>;
  curricula: () => CurriculaService;
  connect: () => Promise<CliSession>;
  /** Closes what the commands opened (the database), before the process exits. */
  release?: () => Promise<void>;
}

async function run(argv: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      as: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      reason: { type: 'string' },
      note: { type: 'string' },
      'student-id': { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      school: { type: 'string' },
      degree: { type: 'string' },
      basis: { type: 'string' },
      track: { type: 'string' },
      call: { type: 'string' },
      semester: { type: 'string' },
      channel: { type: 'string' },
      stage: { type: 'string' },
      student: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      to: { type: 'string' },
      case: { type: 'string' },
      schools: { type: 'string' },
      at: { type: 'string' },
      ielts: { type: 'string' },
      'ielts-date': { type: 'string' },
      audition: { type: 'string' },
      opens: { type: 'string' },
      kind: { type: 'string' },
      partner: { type: 'string' },
      closes: { type: 'string' },
      title: { type: 'string' },
      region: { type: 'string' },
      'english-confirmed': { type: 'boolean' },
      programme: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(
      `${USAGE}\n\nCurricula (DATA_DIR/curricula.json, equivalences.json; no Temporal server):\n${CURRICULA_USAGE}`,
    );
    return command || values.help ? 0 : 2;
  }
  const print = (obj: unknown, human: string) =>
    console.log(values.json ? JSON.stringify(obj, null, 2) : human);

  if (command === 'inbox') {
    const messages = await deps.inbox()({ to: values.to, caseId: values.case });
    print(messages, formatInbox(messages));
    return 0;
  }
  if (command === 'records') return runRecordsCommand(rest, { json: values.json, ...deps.records() });
  if (command === 'data') return runDataCommand(rest, { json: values.json, ...deps.data() });
  if (command === 'calls')
    return runCallsCommand(rest, values, { json: values.json, registry: deps.calls() });
  if (command === 'curricula') return runCurriculaCommand(rest, values, deps.curricula());
  if (command === 'eligibility') {
    return runEligibilityCommand(rest[0], values, { json: values.json, eligibility: deps.eligibility() });
  }

  const session = await deps.connect();
  try {
    const { cases, ranking } = session;
    const caseId = () => {
      if (!rest[0])
        throw new CaseError(
          'invalid',
          `${command} needs a case id, e.g. mobility ${command} outgoing-<call>-<student>`,
        );
      return rest[0];
    };
    switch (command) {
      case 'open': {
        const view = await cases.open(buildOpenRequest(values, parseActor(values.as)));
        print(view, formatCase(view));
        return 0;
      }
      case 'act': {
        const id = caseId();
        if (!rest[1])
          throw new CaseError(
            'invalid',
            'act needs an action, e.g. mobility act <case> APPROVE_LEAVE --as vice_rector:ivanov',
          );
        const result = await cases.act(id, buildEvent(rest[1], values, parseActor(values.as)));
        print(result, formatActionResult(result));
        return 0;
      }
      case 'upload': {
        const id = caseId();
        const path = rest[1];
        if (!path)
          throw new CaseError(
            'invalid',
            'upload needs a file, e.g. mobility upload <case> passport.jpg --kind passport_scan',
          );
        const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
          throw new CaseError('invalid', `${path}: cannot read the file (${err.code ?? err.message})`);
        });
        const result = await cases.upload(
          id,
          {
            kind: values.kind,
            actor: parseActor(values.as),
            fileName: path,
            ...(values.ielts !== undefined ? { ieltsScore: numberOrText(values.ielts) } : {}),
            ...(values['ielts-date'] !== undefined ? { ieltsTestDate: values['ielts-date'] } : {}),
            ...(values['english-confirmed'] ? { englishConfirmedByStaff: true } : {}),
          },
          bytes,
        );
        print(result, `${formatDocumentVerdict(result.verdict)}\n${formatActionResult(result.result)}`);
        return 0;
      }
      case 'ranking': {
        if (!rest[0])
          throw new CaseError('invalid', 'ranking needs a call id, e.g. mobility ranking mshe-europe-2027');
        const result = await ranking(rest[0]);
        print(result, formatRanking(result));
        return 0;
      }
      case 'partner-document': {
        const id = caseId();
        await cases.partnerDocument(id, { kind: values.kind, partnerId: values.partner });
        const view = await cases.get(id);
        print(view, formatCase(view));
        return 0;
      }
      case 'show': {
        const view = await cases.get(caseId());
        print(view, formatCase(view));
        return 0;
      }
      case 'history': {
        const entries = await cases.history(caseId());
        print(entries, formatHistory(entries));
        return 0;
      }
      case 'list': {
        const list = await cases.list({
          stage: values.stage,
          track: values.track,
          school: values.school,
          studentId: values.student,
          callId: values.call,
          status: values.status,
          limit: values.limit,
        });
        print(list, formatList(list));
        return 0;
      }
      default:
        throw new CaseError('invalid', `unknown command "${command}"; see mobility --help`);
    }
  } finally {
    await session.close();
  }
}

/** Runs one CLI command and exits with its code: 0 done, 2-5 refused (by kind), 1 failed. */
export function runCli(argv: string[], deps: CliDeps): void {
  const release = async () => {
    await deps.release?.().catch((err: unknown) => console.error('closing failed:', err));
  };
  run(argv, deps).then(
    (code) => release().then(() => process.exit(code)),
    (err: unknown) => {
      if (err instanceof CaseError) {
        console.error(`refused (${err.kind}): ${err.message}`);
        return release().then(() => process.exit(EXIT[err.kind]));
      }
      console.error(err instanceof Error ? err.message : err);
      return release().then(() => process.exit(1));
    },
  );
}
