import type { z } from 'zod';

/**
 * Characters no id, name or text of ours may carry: C0 and C1 controls (but tab, line feed and carriage
 * return, which free text keeps) and the bidirectional marks, embeddings, overrides and isolates that
 * make a name display other than it reads (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first unsafe character of `text`, as U+XXXX, or undefined. */
export function unsafeCharacter(text: string): string | undefined {
  const found = UNSAFE.exec(text);
  return found ? codePoint(found[0]) : undefined;
}

export const UNSAFE_TEXT_MESSAGE = 'must not contain control or bidirectional-override characters';

/** Every string anywhere in `value` (keys too) with an unsafe character, by path. */
function unsafeStrings(value: unknown, path: PropertyKey[] = []): { path: PropertyKey[]; char: string }[] {
  if (typeof value === 'string') {
    const char = unsafeCharacter(value);
    return char ? [{ path, char }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const inKey = unsafeCharacter(k);
    return [...(inKey ? [{ path: [...path, k], char: inKey }] : []), ...unsafeStrings(v, [...path, k])];
  });
}

/** `schema`, refusing any string in its input that carries an unsafe character, naming its path. */
export function safeText<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    for (const { path, char } of unsafeStrings(value)) {
      ctx.addIssue({ code: 'custom', path, message: `${UNSAFE_TEXT_MESSAGE} (${char})` });
    }
  }) as unknown as S;
}
