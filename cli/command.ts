import type { CaseErrorKind } from '../client/errors';
import type { EligibilityVerdict } from '../domain/eligibility';
import type { LegacyImportResult } from '../services/legacy-import';
import type { LanguagePreferenceStore } from '../stores/outbox-languages';
import type { AgreementStore } from '../stores/agreements';
import type { StudentRecordStore } from '../stores/student-records';
import type { ApiClient } from './http';
import type { SessionStore } from './session';
import type { IssuerTarget } from './sign-in';

/** An option of one command, as `node:util` parseArgs takes it, with its line of help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** How the value is shown in the help (`--kind KIND`). */
  value?: string;
  help: string;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Who the claims of a token name, by the claim names the API is configured with (app/config.ts). */
export interface ClaimNames {
  role: string;
  actorId: string;
  school: string;
  studentId: string;
  partnerId: string;
}

/**
 * What the commands work with, wired by the composition root (app/cli.ts). The case commands reach the
 * HTTP API signed in; only the administrative ones that must work on this machine's files stay local.
 */
export interface CliDeps {
  apiUrl: string;
  signIn: IssuerTarget;
  claims: ClaimNames;
  sessions: SessionStore;
  /** The kept sign-in to act as when --user names none (MOBILITY_USER); else the last login. */
  user?: string;
  /** Local: the registrar's export goes into the record store (the database opens on first use). */
  records: () => { store: StudentRecordStore; where: string };
  /** Local: users' mail languages in the project's database (the database opens on first use). */
  languages: () => { store: LanguagePreferenceStore; where: string };
  /** Local: the partner agreements table in the project's database, replaced whole by an import. */
  agreements: () => { store: Pick<AgreementStore, 'replaceAll'>; where: string };
  /** Local: DATA_DIR's JSON files of earlier versions moved into the database, once. */
  data: () => { importJson: () => Promise<LegacyImportResult>; where: string };
  /** Closes what the commands opened (the database), before the process exits. */
  release?: () => Promise<void>;
  /** Local: the verdict from the records and the policy file, changing nothing. */
  eligibility: () => (request: unknown) => Promise<EligibilityVerdict>;
  now?: () => number;
}

/** What a command is given to run: its arguments, its flags, and the API signed in as the chosen user. */
export interface CommandContext {
  args: string[];
  flags: Flags;
  json: boolean;
  deps: CliDeps;
  /** The API with the active sign-in's token; exit 6 when there is none or it expired. */
  api: () => Promise<ApiClient>;
  /** Prints a result: the object with --json, else the human text. */
  print: (value: unknown, human: string) => void;
}

export interface CommandSpec {
  /** `act`, or `calls open` for a command of a group. */
  name: string;
  /** The positional arguments, as the usage line names them. */
  args: string;
  summary: string;
  options: Record<string, OptionSpec>;
  example: string;
  /** Where it works: the signed-in API, this machine's files, or the identity provider. */
  via: 'api' | 'local' | 'sign-in';
  run: (ctx: CommandContext) => Promise<number>;
}

/** The arguments a command needs, each named in the refusal when missing (exit 2). */
export function need(ctx: CommandContext, spec: CommandSpec, count: number): string[] {
  const got = ctx.args.slice(0, count);
  if (got.length < count || got.some((a) => !a)) {
    throw new UsageError(`mobility ${spec.name} needs ${spec.args}; e.g. ${spec.example.split('\n')[0]}`);
  }
  return got;
}

/**
 * A refusal, read as the API's `CaseError` reads (kind, message, details). The CLI's own, so that a command
 * does not load the case machine (client/errors imports its refusals) just to report one.
 */
export class CliError extends Error {
  constructor(
    readonly kind: CaseErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line the CLI cannot run (unknown command or option, a missing argument): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const str = (v: Flags[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** `--limit N` of a list command: at most N items; without it, every one (read a page at a time). */
export function listMax(v: Flags[string]): number {
  const s = str(v);
  if (s === undefined) return Infinity;
  if (!/^[1-9]\d{0,8}$/.test(s)) {
    const message = `must be a whole number from 1, got "${s}"`;
    throw new CliError('invalid', `--limit: ${message}`, { issues: [{ path: 'limit', message }] });
  }
  return Number(s);
}

/** The human listing, and a last line when `--limit` cut it short. */
export const listed = (text: string, more: boolean) =>
  more ? `${text}\n(more match; raise --limit to see them)` : text;
