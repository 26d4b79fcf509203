import { readFile } from 'node:fs/promises';
import { Language } from '../domain/notification';

/** Which language each recipient reads, by address; an address without a preference reads English. */
export interface LanguagePreferences {
  languageOf(address: string): Promise<Language>;
}

/**
 * The embedded preferences: a JSON file `{ "address": "ru" }`, read on each look-up so an edit takes
 * effect at once; no file means English for everyone. A value that is not a catalogue language is an
 * error naming the address.
 */
export function fileLanguagePreferences(path: string): LanguagePreferences {
  return {
    async languageOf(address) {
      const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return '{}';
        throw e;
      });
      const value = (JSON.parse(text) as Record<string, unknown>)[address.toLowerCase()];
      if (value === undefined) return 'en';
      const parsed = Language.safeParse(value);
      if (!parsed.success) throw new Error(`${path}: the language of ${address} must be one of en, ru`);
      return parsed.data;
    },
  };
}
