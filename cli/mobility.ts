import { parseArgs } from 'node:util';
import { AGREEMENT_COMMANDS } from './agreements';
import { CALL_COMMANDS } from './calls';
import { CASE_COMMANDS } from './case-commands';
import { type CliDeps, type CommandContext, type CommandSpec, type Flags, str, UsageError } from './command';
import { CURRICULA_COMMANDS } from './curricula';
import { ELIGIBILITY_COMMAND } from './eligibility';
import { INCOMING_COMMANDS } from './incoming';
import { commandHelp, EXIT, GLOBAL_OPTIONS, globalHelp } from './help';
import { apiClient } from './http';
import { MAIL_LANGUAGE_COMMAND } from './mail-languages';
import { MESSAGES_COMMAND } from './messages';
import { DATA_COMMAND, RECORDS_COMMANDS } from './records';
import { SESSION_COMMANDS } from './session-commands';
import { activeSignIn } from './session';

export type { CliDeps } from './command';

export const COMMANDS: CommandSpec[] = [
  ...SESSION_COMMANDS,
  ...CASE_COMMANDS,
  MESSAGES_COMMAND,
  ...INCOMING_COMMANDS,
  ...CALL_COMMANDS,
  ...AGREEMENT_COMMANDS,
  ...CURRICULA_COMMANDS,
  ...RECORDS_COMMANDS,
  DATA_COMMAND,
  MAIL_LANGUAGE_COMMAND,
  ELIGIBILITY_COMMAND,
];

/** The flags that declared an actor before sign-in, and what replaced them. */
const GONE: Record<string, string> = {
  as: '--as is gone: the actor is whoever signed in. Run "mobility login USER" once, then the command without --as (--user USER picks another kept sign-in)',
  name: "the case is opened from the student's registrar record: name, email, school, degree and basis are not typed",
};
for (const f of ['email', 'degree', 'basis']) GONE[f] = GONE.name!;

/** The command named by the leading words of `argv` (`act`, `calls open`), and the rest of the line. */
function findCommand(argv: string[]): { spec?: CommandSpec; rest: string[]; words: string[] } {
  let start = 0;
  while (['--json', '--help', '-h'].includes(argv[start] ?? '')) start++;
  const words: string[] = [];
  for (const a of argv.slice(start, start + 2)) {
    if (a.startsWith('-')) break;
    words.push(a);
  }
  const two = COMMANDS.find((c) => words.length === 2 && c.name === `${words[0]} ${words[1]}`);
  const one = COMMANDS.find((c) => c.name === words[0]);
  const spec = two ?? one;
  if (!spec) return { rest: argv, words };
  const drop = new Set(spec.name.split(' '));
  const rest = [...argv];
  for (const word of drop) rest.splice(rest.indexOf(word), 1);
  return { spec, rest, words };
}

function groupOf(word: string | undefined): CommandSpec[] {
  return COMMANDS.filter((c) => word && c.name.startsWith(`${word} `));
}

function parse(spec: CommandSpec, rest: string[]): { flags: Flags; args: string[] } {
  const gone = rest.map((a) => a.replace(/^--/, '').split('=')[0]!).find((a) => GONE[a] && !spec.options[a]);
  if (gone && rest.includes(`--${gone}`)) throw new UsageError(GONE[gone]!);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(
          Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).map(([k, o]) => [
            k,
            { type: o.type, ...(o.multiple ? { multiple: true } : {}) },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
    });
    return { flags: values as Flags, args: positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; see mobility ${spec.name} --help`);
  }
}

async function run(argv: string[], deps: CliDeps, json: boolean): Promise<number> {
  const { spec, rest, words } = findCommand(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (!spec) {
    const group = groupOf(words[0]);
    if (group.length) {
      const lines = group.map((c) => `  mobility ${c.name} ${c.args}   ${c.summary}`).join('\n');
      if (wantsHelp) return out(`${words[0]} commands (each has --help):\n${lines}`);
      const what = words[1] ? `unknown ${words[0]} command "${words[1]}"` : `${words[0]}: name a command`;
      throw new UsageError(`${what}; its commands:\n${lines}`);
    }
    if (!words[0]) {
      if (wantsHelp) return out(globalHelp(COMMANDS));
      throw new UsageError(`name a command:\n${globalHelp(COMMANDS)}`);
    }
    throw new UsageError(`unknown command "${words.join(' ')}"; see mobility --help`);
  }
  const { flags, args } = parse(spec, rest);
  if (flags.help) return out(commandHelp(spec));
  const user = str(flags.user) ?? deps.user;
  const ctx: CommandContext = {
    args,
    flags: user ? { ...flags, user } : flags,
    json,
    deps,
    api: async () => {
      const signIn = await activeSignIn(deps.sessions, user, deps.now?.());
      return apiClient(deps.apiUrl, signIn.accessToken);
    },
    print: (value, human) => console.log(json ? JSON.stringify(value, null, 2) : human),
  };
  return spec.run(ctx);
}

function out(text: string): number {
  console.log(text);
  return EXIT.ok;
}

/** A CliError, or a CaseError of the local commands' services: both carry the kind of refusal. */
const isRefusal = (err: unknown): err is { kind: keyof typeof EXIT; message: string; details?: unknown } =>
  err instanceof Error && Object.hasOwn(EXIT, (err as { kind?: string }).kind ?? '');

/** A failure as the caller reads it: `{ error, message, details }` with --json, a line on stderr without. */
function report(err: unknown, json: boolean): number {
  const failure =
    err instanceof UsageError
      ? { error: 'usage', message: err.message, details: {} }
      : isRefusal(err)
        ? { error: err.kind, message: err.message, details: err.details ?? {} }
        : { error: 'internal', message: err instanceof Error ? err.message : String(err), details: {} };
  if (json) console.log(JSON.stringify(failure, null, 2));
  else if (failure.error === 'usage') console.error(`usage: ${failure.message}`);
  else if (failure.error === 'internal') console.error(`failed: ${failure.message}`);
  else console.error(`refused (${failure.error}): ${failure.message}`);
  return EXIT[failure.error as keyof typeof EXIT] ?? EXIT.internal;
}

/** Runs one command line and exits with its code (see cli/help.ts EXIT and the README's table). */
export function runCli(argv: string[], deps: CliDeps): void {
  const json = argv.includes('--json');
  void run(argv, deps, json)
    .catch((err: unknown) => report(err, json))
    .then(async (code) => {
      await deps.release?.().catch((err: unknown) => console.error('closing failed:', err));
      process.stdout.write('', () => process.exit(code));
    });
}
