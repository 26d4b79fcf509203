import { join } from 'node:path';
import { z } from 'zod';
import { KbtuCourse, PartnerCourse } from '../domain/curriculum';
import { readJsonFile, serialiser, writeJsonAtomic } from './json-file';

/**
 * The KBTU working curricula (per programme and semester) and the partners' course catalogues. An
 * import replaces whole semesters or a whole catalogue at once, so a reader never sees half a file.
 */
export interface CurriculumStore {
  /** Replaces every programme-semester the rows name with exactly these rows; returns the semesters. */
  replaceSemesters(rows: KbtuCourse[]): Promise<{ programme: string; semester: number; courses: number }[]>;
  semester(programme: string, semester: number): Promise<KbtuCourse[]>;
  /** Replaces the partner's whole catalogue. */
  replaceCatalogue(partnerId: string, rows: PartnerCourse[]): Promise<void>;
  catalogue(partnerId: string): Promise<PartnerCourse[]>;
}

const CurriculaFile = z.object({
  version: z.literal(1),
  semesters: z.record(z.string(), z.array(KbtuCourse)),
  catalogues: z.record(z.string(), z.array(PartnerCourse)),
});
type CurriculaFile = z.infer<typeof CurriculaFile>;

const semesterKey = (programme: string, semester: number) => `${programme.toUpperCase()}/${semester}`;

/** The embedded store: one JSON file, written atomically (`DATA_DIR/curricula.json`). */
export function createFileCurriculumStore({ file }: { file: string }): CurriculumStore {
  const serialised = serialiser();
  const empty: CurriculaFile = { version: 1, semesters: {}, catalogues: {} };
  const load = () => readJsonFile(file, CurriculaFile, 'curricula', empty);
  return {
    replaceSemesters(rows) {
      return serialised(async () => {
        const current = await load();
        const groups = new Map<string, KbtuCourse[]>();
        for (const r of rows) {
          const key = semesterKey(r.programme, r.semester);
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        await writeJsonAtomic(file, {
          ...current,
          semesters: { ...current.semesters, ...Object.fromEntries(groups) },
        });
        return [...groups.values()].map((g) => ({
          programme: g[0]!.programme,
          semester: g[0]!.semester,
          courses: g.length,
        }));
      });
    },
    async semester(programme, semester) {
      const { semesters } = await load();
      return semesters[semesterKey(programme, semester)] ?? [];
    },
    replaceCatalogue(partnerId, rows) {
      return serialised(async () => {
        const current = await load();
        await writeJsonAtomic(file, { ...current, catalogues: { ...current.catalogues, [partnerId]: rows } });
      });
    },
    async catalogue(partnerId) {
      const { catalogues } = await load();
      return catalogues[partnerId] ?? [];
    },
  };
}

export const curriculaFile = (dataDir: string) => join(dataDir, 'curricula.json');
