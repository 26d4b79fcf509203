import { DateTime } from 'luxon';
import type { Language } from './i18n';

/**
 * Instants as people at KBTU read them: in the policy's zone (Asia/Almaty), whatever the server's zone,
 * with the offset shown so a reader abroad is not misled.
 */
export function formatInstant(iso: string | null | undefined, zone: string, lang: Language): string {
  if (!iso) return '';
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) return iso;
  return at.setZone(zone).setLocale(lang).toFormat('d MMM yyyy, HH:mm (ZZ)');
}

/** A date-time typed into a form, read as wall-clock time in `zone`; null when it is not one. */
export function instantFromLocalInput(value: string, zone: string): string | null {
  const at = DateTime.fromISO(value, { zone });
  return at.isValid ? at.toISO({ suppressMilliseconds: true }) : null;
}

export const isOverdue = (iso: string | null | undefined, now: Date): boolean =>
  !!iso && Date.parse(iso) < now.getTime();
