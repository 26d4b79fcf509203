import type { z } from 'zod';
import { describeIssues, fieldIssues } from '../domain/issues';
import { KbtuCourse, PartnerCourse } from '../domain/curriculum';
import { inTransaction, type SqlDatabase } from './db/database';

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

/** The tables this store keeps (stores/db/migrations/20261202_0520_curricula.ts). */
export type CurriculumTables = {
  curriculum_courses: { programme: string; semester: number; position: number; course: unknown };
  partner_courses: { partner_id: string; position: number; course: unknown };
};

const programmeKey = (programme: string) => programme.toUpperCase();

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new Error(
      `${what} in the database is invalid at ${describeIssues(fieldIssues(result.error, '(row)'))}`,
    );
  return result.data;
}

/**
 * The store in the project's database: a course per row, in the order the file listed them. Each replace
 * is one transaction (the old rows deleted, the new inserted), so a reader in any process sees the old
 * semester or the new one, and two imports at once both land whole, the later one's rows winning.
 */
export function createSqlCurriculumStore(database: SqlDatabase): CurriculumStore {
  const db = database.withTables<CurriculumTables>();
  return {
    async replaceSemesters(rows) {
      const groups = new Map<string, { programme: string; semester: number; courses: KbtuCourse[] }>();
      for (const r of rows) {
        const key = `${programmeKey(r.programme)}/${r.semester}`;
        const group = groups.get(key) ?? { programme: r.programme, semester: r.semester, courses: [] };
        group.courses.push(KbtuCourse.parse(r));
        groups.set(key, group);
      }
      await inTransaction(db, async (trx) => {
        for (const g of groups.values()) {
          await trx
            .deleteFrom('curriculum_courses')
            .where('programme', '=', programmeKey(g.programme))
            .where('semester', '=', g.semester)
            .execute();
          await trx
            .insertInto('curriculum_courses')
            .values(
              g.courses.map((course, position) => ({
                programme: programmeKey(g.programme),
                semester: g.semester,
                position,
                course: JSON.stringify(course),
              })),
            )
            .execute();
        }
      });
      return [...groups.values()].map((g) => ({
        programme: g.programme,
        semester: g.semester,
        courses: g.courses.length,
      }));
    },
    async semester(programme, semester) {
      const found = await db
        .selectFrom('curriculum_courses')
        .select('course')
        .where('programme', '=', programmeKey(programme))
        .where('semester', '=', semester)
        .orderBy('position')
        .execute();
      return found.map((r) => parsed(KbtuCourse, r.course, `a course of ${programme} semester ${semester}`));
    },
    async replaceCatalogue(partnerId, rows) {
      const courses = rows.map((r) => PartnerCourse.parse(r));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('partner_courses').where('partner_id', '=', partnerId).execute();
        if (courses.length === 0) return;
        await trx
          .insertInto('partner_courses')
          .values(
            courses.map((course, position) => ({
              partner_id: partnerId,
              position,
              course: JSON.stringify(course),
            })),
          )
          .execute();
      });
    },
    async catalogue(partnerId) {
      const found = await db
        .selectFrom('partner_courses')
        .select('course')
        .where('partner_id', '=', partnerId)
        .orderBy('position')
        .execute();
      return found.map((r) => parsed(PartnerCourse, r.course, `a course of ${partnerId}'s catalogue`));
    },
  };
}
