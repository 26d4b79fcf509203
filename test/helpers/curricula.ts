import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CurriculaService } from '../../services/curricula';
import { semester4, tumCatalogue } from '../after-selection/support';
import { as } from './fixtures';

/**
 * The seed curricula every case path plans with (machine version 6 computes the individual curriculum
 * and the credit transfer): programme 6B06102, semester 4, at TUM, and TUM's transcript of it.
 */
const SEED = join(__dirname, '..', '..', 'seed', 'curricula');
const seed = (file: string) => readFileSync(join(SEED, file), 'utf8');

export const SEED_PLAN = { programme: '6B06102', semester: 4 } as const;

/** Four courses covered, philosophy a credit short, web development left to retake. */
export const SEED_MATCHES = [
  { kbtuCode: 'CSE2210', partnerCodes: ['IN0007'] },
  { kbtuCode: 'CSE2230', partnerCodes: ['IN0008'] },
  { kbtuCode: 'CSE2250', partnerCodes: ['IN0009'] },
  { kbtuCode: 'MATH2040', partnerCodes: ['MA0009'] },
  { kbtuCode: 'HUM2010', partnerCodes: ['WZ1150'] },
];

/** The seed transcript: IN0009 failed at 4.3, the rest passed. */
export const SEED_GRADES = seed('tum-transcript.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [partnerCode, grade] = line.split(',') as [string, string];
    return { partnerCode, grade };
  });

/** What the case client attaches from the stores to a plan of SEED_MATCHES (the machine tests send it). */
export const SEED_FACTS = { courses: semester4, catalogue: tumCatalogue };

/** Loads the seed working curriculum and TUM's catalogue, as README tour step 8 does. */
export async function importSeedCurricula(
  curricula: Pick<CurriculaService, 'importKbtu' | 'importCatalogue'>,
) {
  await curricula.importKbtu({
    actor: as.dean,
    fileName: 'kbtu-working-curriculum.csv',
    content: seed('kbtu-working-curriculum.csv'),
  });
  await curricula.importCatalogue('tum', {
    actor: as.di,
    fileName: 'tum-catalogue.csv',
    content: seed('tum-catalogue.csv'),
  });
}
