import { z } from 'zod';
import { Actor } from '../domain/actor';
import {
  PartnerId,
  ProgrammeCode,
  type Equivalence,
  type KbtuCourse,
  type PartnerCourse,
} from '../domain/curriculum';
import { CaseError, invalid, invalidFields } from '../client/errors';
import type { CurriculumStore } from '../stores/curricula';
import type { EquivalenceStore } from '../stores/equivalences';
import { formatOf, parseKbtuCurriculum, parsePartnerCatalogue, type RowError } from './curricula-import';

/** Who keeps curricula: the international office (partner catalogues) and the deans' offices. */
export const CURRICULA_ROLES = ['di_officer', 'dean_office'] as const;

/** An import request as the API takes it: the file's text, its name or format, and who imports it. */
export const CurriculumImport = z.strictObject({
  actor: Actor,
  format: z.enum(['csv', 'json']).optional().describe('csv or json; by default read from the file name'),
  fileName: z.string().max(200).optional(),
  content: z.string().min(1, 'the file is empty').max(2_000_000),
});

export type ImportOutcome =
  | { ok: true; kind: 'kbtu'; semesters: { programme: string; semester: number; courses: number }[] }
  | { ok: true; kind: 'catalogue'; partnerId: string; courses: number }
  | { ok: false; errors: RowError[] };

/** A suggestion for one KBTU course from the register: the latest approved match, and how often it was. */
export interface Suggestion {
  kbtuCode: string;
  partnerCodes: string[];
  approvedTimes: number;
  lastApprovedAt: string;
}

export interface CurriculaService {
  importKbtu(request: unknown): Promise<ImportOutcome>;
  importCatalogue(partnerId: string, request: unknown): Promise<ImportOutcome>;
  semester(programme: string, semester: number): Promise<KbtuCourse[]>;
  catalogue(partnerId: string): Promise<PartnerCourse[]>;
  equivalences(partnerId: string): Promise<Equivalence[]>;
  /** For each course of the semester, what the register suggests at this partner (courses still offered). */
  suggestions(partnerId: string, programme: string, semester: number): Promise<Suggestion[]>;
}

function readRequest(request: unknown) {
  const parsed = CurriculumImport.safeParse(request);
  if (!parsed.success) throw invalid('import refused', parsed.error);
  const { actor, content, fileName, format } = parsed.data;
  if (!(CURRICULA_ROLES as readonly string[]).includes(actor.role))
    throw new CaseError(
      'forbidden',
      `role ${actor.role} may not import curricula; it is for: ${CURRICULA_ROLES.join(', ')}`,
    );
  return { content, format: format ?? formatOf(fileName ?? '', content) };
}

const partnerIdOf = (raw: string) => {
  const parsed = PartnerId.safeParse(raw);
  if (!parsed.success)
    throw invalidFields('refused', [{ path: 'partnerId', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
};

const programmeOf = (raw: string) => {
  const parsed = ProgrammeCode.safeParse(raw);
  if (!parsed.success)
    throw invalidFields('refused', [{ path: 'programme', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
};

/**
 * Curricula over their stores: imports load all or nothing (every bad row named by line and column,
 * nothing written), reads, and the equivalence register's suggestions.
 */
export function createCurriculaService(deps: {
  curricula: CurriculumStore;
  equivalences: EquivalenceStore;
}): CurriculaService {
  const { curricula, equivalences } = deps;
  return {
    async importKbtu(request) {
      const { content, format } = readRequest(request);
      const parsed = parseKbtuCurriculum(content, format);
      if (!parsed.ok) return parsed;
      return { ok: true, kind: 'kbtu', semesters: await curricula.replaceSemesters(parsed.rows) };
    },
    async importCatalogue(rawPartnerId, request) {
      const partnerId = partnerIdOf(rawPartnerId);
      const { content, format } = readRequest(request);
      const parsed = parsePartnerCatalogue(partnerId, content, format);
      if (!parsed.ok) return parsed;
      await curricula.replaceCatalogue(partnerId, parsed.rows);
      return { ok: true, kind: 'catalogue', partnerId, courses: parsed.rows.length };
    },
    semester: (programme, semester) => curricula.semester(programmeOf(programme), semester),
    catalogue: (partnerId) => curricula.catalogue(partnerIdOf(partnerId)),
    equivalences: (partnerId) => equivalences.forPartner(partnerIdOf(partnerId)),
    async suggestions(rawPartnerId, programme, semester) {
      const partnerId = partnerIdOf(rawPartnerId);
      const [courses, offered, approved] = await Promise.all([
        curricula.semester(programme, semester),
        curricula.catalogue(partnerId),
        equivalences.forPartner(partnerId, programme),
      ]);
      const stillOffered = new Set(offered.map((c) => c.code.toUpperCase()));
      return courses.flatMap((course): Suggestion[] => {
        const matches = approved.filter(
          (e) =>
            e.kbtuCode.toUpperCase() === course.code.toUpperCase() &&
            e.partnerCodes.every((p) => stillOffered.has(p.toUpperCase())),
        );
        const latest = matches[0];
        if (!latest) return [];
        const key = latest.partnerCodes.join('+');
        return [
          {
            kbtuCode: course.code,
            partnerCodes: latest.partnerCodes,
            approvedTimes: matches.filter((m) => m.partnerCodes.join('+') === key).length,
            lastApprovedAt: latest.approvedAt,
          },
        ];
      });
    },
  };
}
