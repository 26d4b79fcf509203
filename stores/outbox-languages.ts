import { Language } from '../domain/notification';
import type { SqlDatabase } from './db/database';

/** Which language each recipient reads, by address; an address without a preference reads English. */
export interface LanguagePreferences {
  languageOf(address: string): Promise<Language>;
}

/** Preferences that can be set (the CLI, the JSON import); the email activity only reads. */
export interface LanguagePreferenceStore extends LanguagePreferences {
  /** Sets these addresses' languages; other addresses keep theirs. */
  setMany(preferences: readonly { address: string; language: Language }[]): Promise<void>;
}

/** The table this store keeps (stores/db/migrations/20261202_0522_mail_languages.ts). */
export type LanguageTables = {
  mail_languages: { address: string; language: string; updated_at: string };
};

/**
 * The preferences in the project's database, read at each send so a change takes effect at once. A
 * stored value that is not a catalogue language is an error naming the address.
 */
export function sqlLanguagePreferences(database: SqlDatabase): LanguagePreferenceStore {
  const db = database.withTables<LanguageTables>();
  return {
    async languageOf(address) {
      const row = await db
        .selectFrom('mail_languages')
        .select('language')
        .where('address', '=', address.toLowerCase())
        .executeTakeFirst();
      if (!row) return 'en';
      const parsed = Language.safeParse(row.language);
      if (!parsed.success)
        throw new Error(`mail_languages: the language of ${address} must be one of en, ru`);
      return parsed.data;
    },
    async setMany(preferences) {
      const now = new Date().toISOString();
      const byAddress = new Map(
        preferences.map((p) => [p.address.toLowerCase(), Language.parse(p.language)] as const),
      );
      if (byAddress.size === 0) return;
      await db
        .insertInto('mail_languages')
        .values([...byAddress].map(([address, language]) => ({ address, language, updated_at: now })))
        .onConflict((oc) =>
          oc.column('address').doUpdateSet((eb) => ({
            language: eb.ref('excluded.language'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}
