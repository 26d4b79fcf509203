import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AesGcmPayloadCodec, type PayloadKeyring } from './codec';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOW_TO_MAKE = 'make one with `openssl rand -base64 32`';

/** The file under DATA_DIR that holds the embedded default's keys when PAYLOAD_KEYS is not set. */
export const payloadKeyFile = (dataDir: string) => join(resolve(dataDir), 'payload-keys.json');

/** Checks one key: an id of letters, digits, `.`, `_`, `-` and 32 bytes of standard base64. */
function keyProblem(id: string, base64: string): string | undefined {
  if (!KEY_ID.test(id)) return `key id "${id}" may hold only letters, digits, ".", "_" and "-" (at most 64)`;
  if (!BASE64.test(base64)) return `key "${id}" is not valid base64`;
  const bytes = Buffer.from(base64, 'base64').length;
  if (bytes !== KEY_BYTES)
    return `key "${id}" is ${bytes} bytes; AES-256 needs ${KEY_BYTES} (${HOW_TO_MAKE})`;
  return undefined;
}

/** Parses `id:base64,id:base64`; every problem is reported, none thrown. */
function parseKeyList(list: string): { keys: Map<string, Uint8Array>; problems: string[] } {
  const keys = new Map<string, Uint8Array>();
  const problems: string[] = [];
  const entries = list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) problems.push('lists no keys; expected id:base64-key[,id:base64-key…]');
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    if (colon < 1) {
      problems.push(`entry ${i + 1} is not of the form id:base64-key`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const base64 = entry.slice(colon + 1).trim();
    const problem = keyProblem(id, base64);
    if (problem) problems.push(problem);
    else if (keys.has(id)) problems.push(`key id "${id}" is listed twice`);
    else keys.set(id, new Uint8Array(Buffer.from(base64, 'base64')));
  });
  return { keys, problems };
}

const KeyList = z
  .string()
  .optional()
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    for (const message of parseKeyList(value).problems) ctx.addIssue({ code: 'custom', message });
  })
  .describe(
    'payload encryption keys, id:base64-of-32-bytes separated by commas; unset: a key generated once into DATA_DIR/payload-keys.json',
  );

const ActiveKeyId = z
  .string()
  .regex(KEY_ID, 'a key id may hold only letters, digits, ".", "_" and "-" (at most 64)')
  .optional()
  .describe('the id, among PAYLOAD_KEYS, of the key new payloads are encrypted with');

const Port = z.coerce.number().int().min(0).max(65535);

/**
 * The codec's settings, to spread into the system's configuration schema: each is checked on its own
 * there (so `loadConfig` names the variable); {@link loadPayloadKeyring} checks them together.
 */
export const codecConfigFields = {
  PAYLOAD_KEYS: KeyList,
  PAYLOAD_KEY_ID: ActiveKeyId,
  CODEC_HOST: z.string().default('127.0.0.1').describe('where the codec endpoint listens'),
  CODEC_PORT: Port.default(8234).describe('the codec endpoint port (0: any free port)'),
  CODEC_CORS_ORIGINS: z
    .string()
    .optional()
    .describe(
      'browser origins (comma-separated) allowed to call the codec endpoint; default: the dev server UI on localhost and 127.0.0.1',
    ),
};

const KeySettings = z
  .object({ PAYLOAD_KEYS: KeyList, PAYLOAD_KEY_ID: ActiveKeyId })
  .superRefine(({ PAYLOAD_KEYS, PAYLOAD_KEY_ID }, ctx) => {
    if (PAYLOAD_KEYS === undefined) {
      if (PAYLOAD_KEY_ID !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['PAYLOAD_KEY_ID'],
          message: 'is set, but PAYLOAD_KEYS is not: give the keys as id:base64-key,…',
        });
      }
      return;
    }
    const { keys, problems } = parseKeyList(PAYLOAD_KEYS);
    if (problems.length > 0) return; // reported by the field's own check
    const ids = [...keys.keys()].join(', ');
    if (PAYLOAD_KEY_ID === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEY_ID'],
        message: `is required with PAYLOAD_KEYS: name the key new payloads are encrypted with (one of ${ids})`,
      });
    } else if (!keys.has(PAYLOAD_KEY_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEY_ID'],
        message: `"${PAYLOAD_KEY_ID}" is not among the keys of PAYLOAD_KEYS (${ids})`,
      });
    }
  });

const KeyFile = z
  .object({
    activeKeyId: z.string(),
    keys: z.record(z.string(), z.string()),
  })
  .superRefine(({ activeKeyId, keys }, ctx) => {
    for (const [id, base64] of Object.entries(keys)) {
      const problem = keyProblem(id, base64);
      if (problem) ctx.addIssue({ code: 'custom', path: ['keys', id], message: problem });
    }
    if (!(activeKeyId in keys)) {
      ctx.addIssue({
        code: 'custom',
        path: ['activeKeyId'],
        message: `"${activeKeyId}" is not among the keys`,
      });
    }
  });
type KeyFile = z.infer<typeof KeyFile>;

function describe(error: z.ZodError, whole: string): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || whole}: ${i.message}`).join('\n  ');
}

/** Where the keys came from: the two variables, or the key file of the embedded default. */
export interface LoadedKeyring extends PayloadKeyring {
  source: 'PAYLOAD_KEYS' | { file: string; created: boolean };
}

/**
 * The payload keys from PAYLOAD_KEYS / PAYLOAD_KEY_ID; when neither is set (the embedded default), from
 * DATA_DIR/payload-keys.json, which is created with one fresh key (mode 0600) the first time. Any problem
 * throws an error naming the variable (or the file) and what is wrong with it.
 */
export function loadPayloadKeyring(settings: {
  DATA_DIR: string;
  PAYLOAD_KEYS?: string | undefined;
  PAYLOAD_KEY_ID?: string | undefined;
}): LoadedKeyring {
  const parsed = KeySettings.safeParse({
    PAYLOAD_KEYS: settings.PAYLOAD_KEYS,
    PAYLOAD_KEY_ID: settings.PAYLOAD_KEY_ID,
  });
  if (!parsed.success) throw new Error(`invalid configuration:\n  ${describe(parsed.error, '(keys)')}`);
  const { PAYLOAD_KEYS, PAYLOAD_KEY_ID } = parsed.data;
  if (PAYLOAD_KEYS !== undefined) {
    return { activeKeyId: PAYLOAD_KEY_ID!, keys: parseKeyList(PAYLOAD_KEYS).keys, source: 'PAYLOAD_KEYS' };
  }
  const file = payloadKeyFile(settings.DATA_DIR);
  const { content, created } = readOrCreateKeyFile(file);
  return {
    activeKeyId: content.activeKeyId,
    keys: new Map(
      Object.entries(content.keys).map(([id, b64]) => [id, new Uint8Array(Buffer.from(b64, 'base64'))]),
    ),
    source: { file, created },
  };
}

/** The codec for a configuration: {@link loadPayloadKeyring}, then {@link AesGcmPayloadCodec}. */
export function payloadCodecFromConfig(settings: Parameters<typeof loadPayloadKeyring>[0]): {
  codec: AesGcmPayloadCodec;
  keyring: LoadedKeyring;
} {
  const keyring = loadPayloadKeyring(settings);
  return { codec: new AesGcmPayloadCodec(keyring), keyring };
}

function readOrCreateKeyFile(file: string): { content: KeyFile; created: boolean } {
  let raw: string | undefined;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`payload key file ${file}: ${String(err)}`);
  }
  if (raw === undefined) {
    const created = createKeyFile(file);
    if (created) return { content: created, created: true };
    raw = readFileSync(file, 'utf8'); // another process made it first
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`payload key file ${file}: ${(err as Error).message}`);
  }
  const parsed = KeyFile.safeParse(json);
  if (!parsed.success)
    throw new Error(`payload key file ${file} is invalid:\n  ${describe(parsed.error, '(root)')}`);
  return { content: parsed.data, created: false };
}

/**
 * Writes a file with one new key, readable by its owner only. The file appears complete or not at all
 * (written aside, then hard-linked into place), and a file another process made first is never replaced:
 * then this returns undefined.
 */
function createKeyFile(file: string): KeyFile | undefined {
  const id = `local-${randomBytes(4).toString('hex')}`;
  const content: KeyFile = { activeKeyId: id, keys: { [id]: randomBytes(KEY_BYTES).toString('base64') } };
  mkdirSync(join(file, '..'), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, file);
    return content;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}
