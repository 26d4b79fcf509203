import { type CommandContext, type CommandSpec, str, CliError } from './command';
import { activeSignIn, checkUserName, tokenClaims, type SignIn } from './session';
import { prompt, readStdinLine, requestToken } from './sign-in';

/** Who a token says its bearer is, by the configured claim names (the API reads the same claims). */
function identity(ctx: CommandContext, s: SignIn) {
  const claims = tokenClaims(s.accessToken);
  const n = ctx.deps.claims;
  const pick = (name: string) => {
    let v: unknown = claims;
    for (const part of name.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
    return Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : undefined;
  };
  const id = pick(n.studentId) ?? pick(n.partnerId) ?? pick(n.actorId) ?? pick('sub');
  return {
    user: s.user,
    role: pick(n.role) ?? null,
    id: id ?? null,
    school: pick(n.school) ?? null,
    issuer: s.issuer,
    expiresAt: s.expiresAt,
    file: ctx.deps.sessions.fileOf(s.user),
  };
}

const describe = (who: ReturnType<typeof identity>) =>
  `${who.user}: ${who.role ?? 'no mobility role'}${who.id ? ` ${who.id}` : ''}${who.school ? ` of ${who.school}` : ''}, signed in at ${who.issuer} until ${who.expiresAt}`;

async function login(ctx: CommandContext): Promise<number> {
  const { flags, deps } = ctx;
  const clientId = str(flags['client-id']);
  let signIn: SignIn;
  if (clientId) {
    if (!flags['client-secret-stdin'])
      throw new CliError('invalid', '--client-id: pipe the client secret with --client-secret-stdin');
    const clientSecret = await readStdinLine();
    signIn = await requestToken(
      deps.signIn,
      { grant: 'client_credentials', clientId: checkUserName(clientId), clientSecret },
      deps.now?.(),
    );
  } else {
    const username = checkUserName(ctx.args[0] ?? (await prompt('user: ', false)).trim());
    const password = flags['password-stdin']
      ? await readStdinLine()
      : await prompt(`password for ${username}: `, true);
    if (!password) throw new CliError('invalid', 'password: empty');
    signIn = await requestToken(deps.signIn, { grant: 'password', username, password }, deps.now?.());
  }
  await deps.sessions.save(signIn);
  const who = identity(ctx, signIn);
  ctx.print(who, `signed in as ${describe(who)}\n  token kept in ${who.file} (readable by you only)`);
  return 0;
}

async function logout(ctx: CommandContext): Promise<number> {
  const { sessions } = ctx.deps;
  const users = ctx.flags.all
    ? await sessions.users()
    : [ctx.args[0] ?? str(ctx.flags.user) ?? (await sessions.currentUser())].filter((u): u is string => !!u);
  const removed: string[] = [];
  for (const u of users) if (await sessions.remove(u)) removed.push(u);
  ctx.print(
    { signedOut: removed },
    removed.length ? removed.map((u) => `signed out ${u}`).join('\n') : 'nobody was signed in',
  );
  return 0;
}

async function whoami(ctx: CommandContext): Promise<number> {
  const signIn = await activeSignIn(ctx.deps.sessions, str(ctx.flags.user), ctx.deps.now?.());
  const who = identity(ctx, signIn);
  ctx.print(who, describe(who));
  return 0;
}

export const SESSION_COMMANDS: CommandSpec[] = [
  {
    name: 'login',
    args: '[USER]',
    summary:
      'sign in at the identity provider (password grant; a partner system by client credentials) and keep the token for the next commands',
    options: {
      'password-stdin': { type: 'boolean', help: 'read the password from standard input instead of asking' },
      'client-id': { type: 'string', value: 'ID', help: "a partner system's client (client credentials)" },
      'client-secret-stdin': {
        type: 'boolean',
        help: "read the partner client's secret from standard input",
      },
    },
    example: 'mobility login aliya\necho "$PASSWORD" | mobility login aruzhan --password-stdin',
    via: 'sign-in',
    run: login,
  },
  {
    name: 'logout',
    args: '[USER]',
    summary: 'forget a kept sign-in (the current one, USER, or --all)',
    options: { all: { type: 'boolean', help: 'forget every sign-in kept here' } },
    example: 'mobility logout',
    via: 'sign-in',
    run: logout,
  },
  {
    name: 'whoami',
    args: '',
    summary: 'who the commands act as: user, role, scope and until when the sign-in holds',
    options: {},
    example: 'mobility whoami --json',
    via: 'sign-in',
    run: whoami,
  },
];
