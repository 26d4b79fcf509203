import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues, fieldIssues } from '../domain/issues';
import { Office } from '../domain/notification';
import { Policy } from '../domain/policy';
import type { MailDirectory } from '../activities/email/directory';
import { codecConfigFields } from './codec/keys';

const Port = z.coerce.number().int().min(1).max(65535);

/** Every setting of the system, from the environment, with the embedded default for each. */
export const Config = z.object({
  DATA_DIR: z.string().default('data'),
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .describe('use this Temporal server instead of starting the dev server'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_PORT: Port.default(7233),
  TEMPORAL_UI_PORT: Port.default(8233),
  TASK_QUEUE: z.string().default('mobility-cases'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: Port.default(3000),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: Port.default(2525),
  SMTP_EXTERNAL: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: send through SMTP_HOST:SMTP_PORT instead of starting the local sink'),
  MAIL_FROM: z.string().default('KBTU Mobility <mobility@kbtu.kz>'),
  DEMO_DAY_SECONDS: z.coerce
    .number()
    .int('DEMO_DAY_SECONDS must be a whole number of seconds')
    .min(1)
    .max(86_400)
    .optional()
    .describe(
      "demonstration only: a new outgoing case's day of deadlines lasts this many seconds, working days counted as days",
    ),
  MAILBOX_DI_OFFICER: z.email().default('di@kbtu.kz'),
  MAILBOX_DEAN_OFFICE: z.email().default('deans-office@kbtu.kz'),
  MAILBOX_REGISTRAR: z.email().default('registrar@kbtu.kz'),
  MAILBOX_SNSS: z.email().default('snss@kbtu.kz'),
  MAILBOX_VICE_RECTOR: z.email().default('vice-rector@kbtu.kz'),
  MAILBOX_FINANCE: z.email().default('finance@kbtu.kz'),
  DEAN_OFFICE_MAILBOXES: z
    .string()
    .default('')
    .describe("each school's dean's office, SCHOOL=address,… (a school not listed: MAILBOX_DEAN_OFFICE)"),
  HEAD_MAILBOXES: z
    .string()
    .default(
      'di_officer=head-di@kbtu.kz,dean_office=head-deans@kbtu.kz,registrar=head-registrar@kbtu.kz,snss=head-snss@kbtu.kz,vice_rector=rector@kbtu.kz,finance=head-finance@kbtu.kz',
    )
    .describe("each office's head, ROLE=address,…: the last step of an escalation chain"),
  CONSOLE_URL: z
    .url()
    .default('http://127.0.0.1:3000/console')
    .describe('the staff console mails link cases to: <CONSOLE_URL>/cases/<case id> is the case page'),
  CONSOLE_SESSION_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional()
    .describe(
      "seals the console's session cookies; unset: a fresh key per start (sessions end at a restart)",
    ),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: TLS from the first byte (port 465)'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' })
    .optional()
    .describe("the PostgreSQL database of the project's data; unset: the embedded PGlite in DATA_DIR/db"),
  DOCUMENTS_URL: z
    .url({ protocol: /^(s3|file)$/, error: 'must be an s3://bucket/prefix or file:///folder URL' })
    .optional()
    .describe('where document bytes are kept; unset: DATA_DIR/documents'),
  S3_ENDPOINT: z.url().optional().describe('an S3-compatible server for DOCUMENTS_URL; unset: AWS'),
  S3_REGION: z.string().default('us-east-1'),
  POLICY_FILE: z.string().default('policies/2026-2027.json'),
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('WARN'),
  ACTION_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .default(30)
    .describe(
      "how long an action waits for its case's worker before the caller gets 503 (never applied later)",
    ),
  /** Worker tuning (README "Deploying at scale"); each unset: the Temporal SDK's default. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('cases a worker keeps in memory between tasks (sticky cache); unset: sized from the heap'),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce
    .number()
    .int()
    .min(2)
    .optional()
    .describe('workflow tasks a worker runs at once; unset: 40'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('activities (mails, document checks, record reads) a worker runs at once; unset: 100'),
  WORKER_STICKY_QUEUE_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .max(600)
    .optional()
    .describe(
      "how long a case's next task waits for the worker that has it cached before any worker takes it; unset: 10",
    ),
  /** Sign-in (README "Signing in"): whose tokens the API accepts and which claims say who the caller is. */
  OIDC_ISSUER: z
    .url()
    .optional()
    .describe("the identity provider's issuer URL; unset: start the embedded provider"),
  OIDC_AUDIENCE: z.string().min(1).default('urn:kbtu:mobility-api'),
  OIDC_CLAIM_ROLE: z.string().min(1).default('mobility_role'),
  OIDC_CLAIM_ACTOR_ID: z.string().min(1).default('preferred_username'),
  OIDC_CLAIM_SCHOOL: z.string().min(1).default('school'),
  OIDC_CLAIM_STUDENT_ID: z.string().min(1).default('student_id'),
  OIDC_CLAIM_PARTNER_ID: z.string().min(1).default('partner_id'),
  MOBILITY_API_URL: z
    .url()
    .optional()
    .describe('the API the mobility CLI talks to; unset: http://API_HOST:API_PORT'),
  OIDC_CLI_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe("the public client `mobility login` signs in as; unset: the embedded provider's mobility-cli"),
  IDP_HOST: z.string().default('127.0.0.1'),
  IDP_PORT: Port.default(3001),
  IDP_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  /** Payload encryption keys and the codec endpoint: see app/codec/keys.ts. */
  ...codecConfigFields,
});
export type Config = z.infer<typeof Config>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n  ${describeIssues(fieldIssues(parsed.error), '\n  ')}`);
  }
  return parsed.data;
}

/** How the API reads a verified token: the claim that holds each part of the actor. */
export function claimNames(c: Config) {
  return {
    role: c.OIDC_CLAIM_ROLE,
    actorId: c.OIDC_CLAIM_ACTOR_ID,
    school: c.OIDC_CLAIM_SCHOOL,
    studentId: c.OIDC_CLAIM_STUDENT_ID,
    partnerId: c.OIDC_CLAIM_PARTNER_ID,
  };
}

export function officeMailboxes(c: Config) {
  return {
    di_officer: c.MAILBOX_DI_OFFICER,
    dean_office: c.MAILBOX_DEAN_OFFICE,
    registrar: c.MAILBOX_REGISTRAR,
    snss: c.MAILBOX_SNSS,
    vice_rector: c.MAILBOX_VICE_RECTOR,
    finance: c.MAILBOX_FINANCE,
  };
}

/** `A=x@y,B=z@w` as a map; a pair without `=` or with a bad address stops start-up naming the variable. */
function mailboxList(name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(',').filter((p) => p.trim())) {
    const [key, address] = pair.split('=').map((s) => s.trim());
    if (!key || !address || !z.email().safeParse(address).success)
      throw new Error(`invalid configuration:\n  ${name}: "${pair}" must be KEY=address`);
    out[key] = address;
  }
  return out;
}

/** Every mailbox the worker writes to besides the students': offices, deans' offices per school, heads. */
export function mailDirectory(c: Config): MailDirectory {
  const heads = mailboxList('HEAD_MAILBOXES', c.HEAD_MAILBOXES);
  for (const role of Object.keys(heads))
    if (!Office.safeParse(role).success)
      throw new Error(
        `invalid configuration:\n  HEAD_MAILBOXES: ${role} is not an office (${Office.options.join(', ')})`,
      );
  return {
    offices: officeMailboxes(c),
    deansBySchool: mailboxList('DEAN_OFFICE_MAILBOXES', c.DEAN_OFFICE_MAILBOXES),
    heads,
  };
}

/**
 * Reads and validates the policy file new cases pin. A broken file stops start-up with the file's path and,
 * for each problem, the field's path and the rule it breaks. The result is a full {@link Policy}; it is also
 * a `PolicyRef` (version and timings), which is what the case client needs today.
 */
export function loadPolicy(path: string): Policy {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`policy file ${file}: ${(err as Error).message}`);
  }
  const parsed = Policy.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error, '(root)');
    throw new Error(`policy file ${file} is invalid:\n  ${describeIssues(issues, '\n  ')}`);
  }
  return parsed.data;
}
