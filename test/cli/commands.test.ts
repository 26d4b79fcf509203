import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../cli/mobility';
import { commandHelp, EXIT } from '../../cli/help';
import { activeSignIn, sessionStore, type SignIn } from '../../cli/session';
import { CliError } from '../../cli/command';
import { formatAgreement } from '../../cli/agreements';
import { agreementOf } from '../incoming/support';

describe('every command explains itself', () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help', (name, spec) => {
    const help = commandHelp(spec);
    expect(help).toMatch(new RegExp(`^usage: mobility ${name}( |$)`, 'm'));
    for (const option of Object.keys(spec.options)) expect(help).toContain(`--${option}`);
    expect(help).toContain('--json');
    // The example runs this very command.
    expect(spec.example.startsWith(`mobility ${name}`) || spec.example.startsWith(`echo`)).toBe(true);
    expect(help).toContain('6 unauthorized');
  });

  test('command names are unique and no command declares the actor', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) expect(Object.keys(c.options)).not.toContain('as');
  });

  test('each kind of failure has its own exit code; usage and invalid input share 2', () => {
    const { ok, usage, invalid, ...rest } = EXIT;
    expect([ok, usage, invalid]).toEqual([0, 2, 2]);
    const codes = Object.values(rest);
    expect(new Set(codes).size).toBe(codes.length);
    expect(EXIT.unauthorized).toBe(6);
    expect(EXIT.unavailable).toBe(7);
  });
});

describe('kept sign-ins', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  const signIn = (user: string, expiresAt: string): SignIn => ({
    user,
    issuer: 'http://127.0.0.1:3001',
    grant: 'password',
    accessToken: 'a.b.c',
    obtainedAt: new Date(now - 3600_000).toISOString(),
    expiresAt,
  });

  test('are files only their owner reads, one per user, the last login current', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'mobility-sessions-')), 'kbtu-mobility');
    const store = sessionStore(dir);
    const file = await store.save(signIn('aliya', '2026-12-02T11:00:00Z'));
    await store.save(signIn('aruzhan', '2026-12-02T11:00:00Z'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await store.currentUser()).toBe('aruzhan');
    expect((await store.users()).sort()).toEqual(['aliya', 'aruzhan']);
    expect((await activeSignIn(store, undefined, now)).user).toBe('aruzhan');
    expect((await activeSignIn(store, 'aliya', now)).user).toBe('aliya');
    expect(await store.remove('aruzhan')).toBe(true);
    expect(await store.currentUser()).toBeUndefined();
    await expect(activeSignIn(store, undefined, now)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ user: 'aliya' });
  });

  test.each([
    ['one millisecond left', now + 1, true],
    ['expiring now', now, false],
    ['expired an hour ago', now - 3600_000, false],
  ])('a sign-in %s is %s', async (_what, expiresAt, valid) => {
    const store = sessionStore(join(await mkdtemp(join(tmpdir(), 'mobility-sessions-')), 'k'));
    await store.save(signIn('aliya', new Date(expiresAt).toISOString()));
    const result = activeSignIn(store, 'aliya', now);
    if (valid) await expect(result).resolves.toMatchObject({ user: 'aliya' });
    else await expect(result).rejects.toThrow(/expired at .*mobility login aliya/);
  });

  test.each(['../etc/passwd', 'a/b', '', '.hidden'])('refuses %j as a user name (no path tricks)', (name) => {
    const store = sessionStore(join(tmpdir(), 'never-written'));
    expect(() => store.fileOf(name)).toThrow(CliError);
  });
});

test("an agreement's line shows its places both ways: KBTU's students out, the partner's in", () => {
  const [tum, epfl] = ['tum', 'epfl'].map((id) => agreementOf(id)!);
  expect(formatAgreement(tum!)).toContain(
    'places spring/bachelor 6, fall/bachelor 6, spring/master 2, fall/master 2; incoming spring/bachelor 4, spring/master 2, fall/bachelor 4;',
  );
  expect(formatAgreement(epfl!)).not.toContain('incoming');
});
