import type { CommandSpec, OptionSpec } from './command';

/** The exit codes, one per kind of outcome; the README's table says the same. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalid: 2,
  forbidden: 3,
  notFound: 4,
  conflict: 5,
  unauthorized: 6,
  unavailable: 7,
} as const;

const EXIT_LINES = [
  '0 done',
  '1 failed (a fault of the CLI or the server: see the message)',
  '2 usage error or invalid input (an unknown option, a missing argument, a field the server names)',
  '3 forbidden (your role or scope may not do this)',
  '4 not found (no such case, call, student record, ...)',
  '5 refused by the case (not allowed in its current state, a duplicate, outside a window: HTTP 409)',
  '6 unauthorized (not signed in, or the sign-in expired: mobility login)',
  '7 unavailable (the API, the identity provider or Temporal cannot be reached now; try again)',
];

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print the result as JSON; an error as {"error","message","details"}' },
  user: {
    type: 'string',
    value: 'USER',
    help: 'act as this kept sign-in (default: the last `mobility login`; or MOBILITY_USER)',
  },
  help: { type: 'boolean', help: 'this help' },
};

const VIA = {
  api: 'the HTTP API, signed in as you (MOBILITY_API_URL; default http://API_HOST:API_PORT)',
  local: 'this machine only: the files under DATA_DIR and the policy file; no sign-in, no server',
  'sign-in': 'the identity provider (OIDC_ISSUER; default the embedded one at http://IDP_HOST:IDP_PORT)',
} as const;

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `--${name}${o.value ? ` ${o.value}` : ''}${o.multiple ? ' ...' : ''}`;
    return `  ${flag.padEnd(34)} ${o.help}`;
  });
}

/** `mobility COMMAND --help`: usage, what it does, its options, where it works, an example, exit codes. */
export function commandHelp(c: CommandSpec): string {
  return [
    `usage: mobility ${c.name}${c.args ? ` ${c.args}` : ''} [options]`,
    '',
    c.summary,
    '',
    'options:',
    ...optionLines(c.options),
    ...optionLines(GLOBAL_OPTIONS),
    '',
    `works through: ${VIA[c.via]}`,
    '',
    'example:',
    ...c.example.split('\n').map((l) => `  ${l}`),
    '',
    'exit codes:',
    ...EXIT_LINES.map((l) => `  ${l}`),
  ].join('\n');
}

/** `mobility --help`: every command in one line, grouped, and how to learn more. */
export function globalHelp(commands: CommandSpec[]): string {
  const group = (via: CommandSpec['via']) =>
    commands.filter((c) => c.via === via).map((c) => `  ${`${c.name} ${c.args}`.padEnd(38)} ${c.summary}`);
  return [
    'mobility — the command line for KBTU mobility cases',
    '',
    'Sign in first (the token is kept under $XDG_CONFIG_HOME/kbtu-mobility, mode 0600):',
    ...group('sign-in'),
    '',
    'Through the HTTP API, as the signed-in user (the actor is who signed in):',
    ...group('api'),
    '',
    'On this machine only (administrative; DATA_DIR and the policy file):',
    ...group('local'),
    '',
    'Every command: --json (result and errors as JSON), --user USER, --help (its options and an example).',
    'Environment: MOBILITY_API_URL, OIDC_ISSUER (or IDP_HOST/IDP_PORT), MOBILITY_USER, XDG_CONFIG_HOME,',
    'DATA_DIR, POLICY_FILE.',
    '',
    'exit codes:',
    ...EXIT_LINES.map((l) => `  ${l}`),
  ].join('\n');
}
