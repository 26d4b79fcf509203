import { en, type MessageKey } from './en';
import { ru } from './ru';
import { ACTION_NAMES_RU, FIELD_NAMES_RU, readable } from './actions';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, ru };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** What a page needs to speak the user's language: messages, action and field names. */
export interface Messages {
  lang: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  action(type: string): string;
  field(name: string): string;
  role(role: string): string;
}

export function messages(lang: Language): Messages {
  const catalogue = CATALOGUES[lang];
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  return {
    lang,
    t,
    action: (type) => (lang === 'ru' ? ACTION_NAMES_RU[type] : undefined) ?? readable(type),
    field: (name) => (lang === 'ru' ? FIELD_NAMES_RU[name] : undefined) ?? readable(name),
    role: (role) => (`role.${role}` in catalogue ? t(`role.${role}` as MessageKey) : role),
  };
}
