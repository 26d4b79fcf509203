import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KbtuCourse, PartnerCourse } from '../../domain/curriculum';
import { parseKbtuCurriculum, parsePartnerCatalogue } from '../../services/curricula-import';

export const SEED = join(__dirname, '..', '..', 'seed', 'curricula');

function rows<T>(parsed: { ok: true; rows: T[] } | { ok: false; errors: unknown }): T[] {
  if (!parsed.ok) throw new Error(`seed file is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.rows;
}

/** The seed working curriculum and the TUM and UTM catalogues, as the importers read them. */
export const kbtuCourses: KbtuCourse[] = rows(
  parseKbtuCurriculum(readFileSync(join(SEED, 'kbtu-working-curriculum.csv'), 'utf8'), 'csv'),
);
export const semester4 = kbtuCourses.filter((c) => c.programme === '6B06102' && c.semester === 4);
export const tumCatalogue: PartnerCourse[] = rows(
  parsePartnerCatalogue('tum', readFileSync(join(SEED, 'tum-catalogue.csv'), 'utf8'), 'csv'),
);
export const utmCatalogue: PartnerCourse[] = rows(
  parsePartnerCatalogue('utm', readFileSync(join(SEED, 'utm-catalogue.json'), 'utf8'), 'json'),
);

/** Semester 4 at TUM as the case tests agree it: four courses covered, philosophy a credit short, web development left out. */
export const semester4Matches = [
  { kbtuCode: 'CSE2210', partnerCodes: ['IN0007'] },
  { kbtuCode: 'CSE2230', partnerCodes: ['IN0008'] },
  { kbtuCode: 'CSE2250', partnerCodes: ['IN0009'] },
  { kbtuCode: 'MATH2040', partnerCodes: ['MA0009'] },
  { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
];

/** The TUM matches of the README's tour: Philosophy (4 credits) gets a 3-ECTS course and falls short. */
export const tumMatches = [
  { kbtuCode: 'CSE2210', partnerCodes: ['IN0007'] },
  { kbtuCode: 'CSE2230', partnerCodes: ['IN0008'] },
  { kbtuCode: 'MATH2040', partnerCodes: ['MA0009'] },
  { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
  { kbtuCode: 'CSE2990', partnerCodes: ['IN2013'] },
];
