import { Degree } from '../domain/case';
import type { Actor } from '../domain/actor';
import type { PartnerAgreement } from '../domain/agreement';
import { termOf } from '../domain/incoming-partner';
import { NOMINATION_CSV_COLUMNS } from '../services/nominations';

type Column = (typeof NOMINATION_CSV_COLUMNS)[number];

/** One input of the nomination form; its name is the CSV column, so a refusal names the same field. */
export interface NominationField {
  name: Column;
  input: 'text' | 'date' | 'email' | 'select';
  /** Where the choices of a select come from (see nominationChoices). */
  choices?: 'partnerId' | 'semester' | 'school' | 'level';
  placeholder?: string;
}

const FIELDS: Record<Column, Omit<NominationField, 'name'>> = {
  partnerId: { input: 'select', choices: 'partnerId' },
  semester: { input: 'select', choices: 'semester' },
  school: { input: 'select', choices: 'school' },
  partnerStudentId: { input: 'text', placeholder: 'GA12345' },
  givenName: { input: 'text' },
  familyName: { input: 'text' },
  birthDate: { input: 'date' },
  citizenship: { input: 'text', placeholder: 'DE' },
  email: { input: 'email' },
  passportNumber: { input: 'text', placeholder: 'C7Y123456' },
  passportExpiresOn: { input: 'date' },
  level: { input: 'select', choices: 'level' },
  field: { input: 'text', placeholder: 'Informatics' },
};

/** The form's inputs, in the CSV's order: a nomination typed here and a row of a file read the same. */
export const NOMINATION_FIELDS: NominationField[] = NOMINATION_CSV_COLUMNS.map((name) => ({
  name,
  ...FIELDS[name],
}));

/** The next `count` semesters to start after `now` (spring on 1 January, fall on 1 September). */
export function upcomingSemesters(now: Date, count = 3): string[] {
  const out: string[] = [];
  let year = now.getUTCFullYear();
  let fall = now.getUTCMonth() < 8;
  while (out.length < count) {
    if (!fall) year += 1;
    out.push(`${year}-${fall ? 'fall' : 'spring'}`);
    fall = !fall;
  }
  return out;
}

/**
 * The choices of the form's selects, from the stored partner agreements that give KBTU places for the
 * partners' students: a partner's office sees only its own agreement (and names no partner: it is the
 * signed-in one), DI every partner; the semesters are the coming ones the agreements give places in. The
 * nomination rules still check each choice; the lists only spare typing.
 */
export function nominationChoices(
  agreements: readonly PartnerAgreement[],
  actor: Actor,
  now: Date,
): Record<string, string[]> {
  const partners = actor.role === 'partner' ? agreements.filter((a) => a.partnerId === actor.id) : agreements;
  const unique = (values: string[]) => [...new Set(values)].sort();
  const terms = new Set(
    partners.flatMap((a) => (a.incoming ?? []).filter((p) => p.places > 0).map((p) => p.term)),
  );
  return {
    partnerId: actor.role === 'partner' ? [] : partners.map((a) => a.partnerId),
    semester: upcomingSemesters(now).filter((s) => terms.has(termOf(s))),
    school: unique(partners.flatMap((a) => a.schools)),
    level: [...Degree.options],
  };
}
