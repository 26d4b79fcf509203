import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from './command';

/** One cached sign-in: the access token the CLI sends as `Authorization: Bearer`, and until when it holds. */
export const SignIn = z.object({
  user: z.string(),
  issuer: z.string(),
  grant: z.enum(['password', 'client_credentials']),
  accessToken: z.string().min(1),
  obtainedAt: z.string(),
  expiresAt: z.string(),
});
export type SignIn = z.infer<typeof SignIn>;

/** A user name or client id as a file name: nothing that could climb out of the folder. */
const USER = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export function checkUserName(user: string): string {
  if (!USER.test(user)) {
    throw new CliError('invalid', `user: "${user}" is not a user name (letters, digits, . _ @ -)`, {
      issues: [{ path: 'user', message: 'letters, digits, . _ @ - only' }],
    });
  }
  return user;
}

/**
 * The sign-ins kept for the person at this computer: `<dir>/sessions/<user>.json` (mode 0600, in a 0700
 * folder, since a token is as good as a password until it expires) and `<dir>/current`, the user the
 * commands act as unless `--user` or MOBILITY_USER names another.
 */
export function sessionStore(dir: string) {
  const sessions = join(dir, 'sessions');
  const fileOf = (user: string) => join(sessions, `${checkUserName(user)}.json`);
  const currentFile = join(dir, 'current');
  const writePrivate = async (file: string, text: string) => {
    await mkdir(sessions, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  };
  const currentUser = async (): Promise<string | undefined> => {
    const text = await readFile(currentFile, 'utf8').catch(() => '');
    return text.trim() || undefined;
  };
  return {
    dir,
    fileOf,
    async save(signIn: SignIn): Promise<string> {
      const file = fileOf(signIn.user);
      await writePrivate(file, JSON.stringify(signIn, null, 2));
      await writePrivate(currentFile, `${signIn.user}\n`);
      return file;
    },
    currentUser,
    async read(user: string): Promise<SignIn | undefined> {
      const text = await readFile(fileOf(user), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const parsed = SignIn.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    },
    async users(): Promise<string[]> {
      const names = await readdir(sessions).catch(() => [] as string[]);
      return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    },
    /** Forgets a sign-in; the current user too when it was that one. Returns whether there was one. */
    async remove(user: string): Promise<boolean> {
      const file = fileOf(user);
      const existed = await readFile(file).then(
        () => true,
        () => false,
      );
      await rm(file, { force: true });
      if ((await currentUser()) === user) await rm(currentFile, { force: true });
      return existed;
    },
  };
}
export type SessionStore = ReturnType<typeof sessionStore>;

/**
 * The sign-in a command acts with: the named user's, else the current one's. Absent or expired: 6
 * (unauthorized), telling how to sign in again.
 */
export async function activeSignIn(store: SessionStore, named: string | undefined, now = Date.now()) {
  const user = named ?? (await store.currentUser());
  if (!user) {
    throw new CliError('unauthorized', 'not signed in: run "mobility login USER" first');
  }
  const signIn = await store.read(user);
  if (!signIn) {
    throw new CliError('unauthorized', `${user} is not signed in here: run "mobility login ${user}"`);
  }
  if (Date.parse(signIn.expiresAt) <= now) {
    throw new CliError(
      'unauthorized',
      `the sign-in of ${user} expired at ${signIn.expiresAt}; sign in again: mobility login ${user}`,
      { issues: [{ path: 'token', message: 'expired' }] },
    );
  }
  return signIn;
}

/** The claims of a JWT access token, read without verifying it: for `whoami` only (the API verifies). */
export function tokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
