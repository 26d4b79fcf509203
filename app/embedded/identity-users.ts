import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { StaffRole } from '../../domain/actor';

/**
 * A person who signs in at the embedded identity provider, with what their tokens say about them. A
 * partner's person (its international office, at the console) acts as the partner `partnerId`, as the
 * partner's system does with its client credentials.
 */
export const IdentityUser = z
  .object({
    username: z.string().regex(/^[a-z0-9._-]{2,64}$/),
    password: z.string().min(8),
    name: z.string().min(1).max(200),
    role: StaffRole,
    school: z.string().optional(),
    studentId: z.string().optional(),
    partnerId: z.string().optional(),
  })
  .strict()
  .refine((u) => (u.role === 'partner') === (u.partnerId !== undefined), {
    path: ['partnerId'],
    message: 'a partner user names its partnerId, and only a partner user does',
  });
export type IdentityUser = z.infer<typeof IdentityUser>;

/** A partner university's system: signs in with client credentials and acts as partner `partnerId`. */
export const PartnerClient = z
  .object({ clientId: z.string(), clientSecret: z.string().min(16), partnerId: z.string() })
  .strict();
export type PartnerClient = z.infer<typeof PartnerClient>;

export const IdentityDirectory = z.object({
  version: z.literal(1),
  users: z.array(IdentityUser),
  partners: z.array(PartnerClient),
});
export type IdentityDirectory = z.infer<typeof IdentityDirectory>;

/** Public clients of the embedded provider: the web console (authorization code + PKCE) and the CLI. */
export const CONSOLE_CLIENT_ID = 'mobility-console';
export const CLI_CLIENT_ID = 'mobility-cli';
/** Where the console receives the authorization code, on the API's origin. */
export const CONSOLE_REDIRECT_PATH = '/auth/callback';

/**
 * One seeded user per role; the student is Aruzhan of seed/students.csv, the dean's office is SITE's, the
 * partner's person is TU Munich's international office (partner `tum` of the policy).
 */
const SEEDED: Omit<IdentityUser, 'password'>[] = [
  { username: 'aruzhan', name: 'Aruzhan Seitkali', role: 'student', studentId: '23B030112' },
  { username: 'aliya', name: 'Aliya (DI office)', role: 'di_officer' },
  { username: 'marat', name: "Marat (SITE dean's office)", role: 'dean_office', school: 'SITE' },
  { username: 'gulnara', name: 'Gulnara (registrar)', role: 'registrar' },
  { username: 'bolat', name: 'Bolat (SNSS)', role: 'snss' },
  { username: 'ivanov', name: 'Ivanov (vice-rector)', role: 'vice_rector' },
  { username: 'dana', name: 'Dana (finance)', role: 'finance' },
  { username: 'audit', name: 'Audit office', role: 'auditor' },
  { username: 'tum-office', name: 'TUM international office', role: 'partner', partnerId: 'tum' },
];

export const identityFile = (dataDir: string) => join(dataDir, 'identity', 'users.json');

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function readIdentityDirectory(file: string): Promise<IdentityDirectory> {
  return IdentityDirectory.parse(JSON.parse(await readFile(file, 'utf8')));
}

async function write(file: string, dir: IdentityDirectory): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(dir, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * The embedded provider's users and partner clients, seeded on first start with random passwords (this
 * file is the only place they are kept, in clear: a local provider for one machine, not a directory).
 */
export async function ensureIdentityDirectory(dataDir: string): Promise<IdentityDirectory> {
  const file = identityFile(dataDir);
  try {
    return await readIdentityDirectory(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const dir: IdentityDirectory = {
    version: 1,
    users: SEEDED.map((u) => ({ ...u, password: secret(9) })),
    partners: [{ clientId: 'partner-tum', clientSecret: secret(24), partnerId: 'tum' }],
  };
  await write(file, dir);
  return dir;
}

/** Adds (or replaces) a user or a partner client; the provider reads the file at every sign-in. */
export async function upsertIdentity(
  dataDir: string,
  entry: { user: IdentityUser } | { partner: PartnerClient },
): Promise<void> {
  const dir = await ensureIdentityDirectory(dataDir);
  if ('user' in entry) IdentityUser.parse(entry.user);
  else PartnerClient.parse(entry.partner);
  if ('user' in entry) {
    dir.users = [...dir.users.filter((u) => u.username !== entry.user.username), entry.user];
  } else {
    dir.partners = [...dir.partners.filter((p) => p.clientId !== entry.partner.clientId), entry.partner];
  }
  await write(identityFile(dataDir), dir);
}
