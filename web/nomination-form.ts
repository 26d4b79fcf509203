import { Degree } from '../domain/case';
import type { Actor } from '../domain/actor';
import type { Policy } from '../domain/policy';
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

/**
 * The choices of the form's selects, from the policy's partner agreements: a partner's office sees only
 * its own agreement (and names no partner: it is the signed-in one), DI every partner. The nomination
 * rules still check each choice; the lists only spare typing.
 */
export function nominationChoices(policy: Policy, actor: Actor): Record<string, string[]> {
  const all = policy.incoming?.partners ?? [];
  const partners = actor.role === 'partner' ? all.filter((p) => p.id === actor.id) : all;
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    partnerId: actor.role === 'partner' ? [] : partners.map((p) => p.id),
    semester: unique(partners.flatMap((p) => p.places.map((s) => s.semester))),
    school: unique(partners.flatMap((p) => p.schools)),
    level: [...Degree.options],
  };
}
