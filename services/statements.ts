import { z } from 'zod';
import { CaseError, invalid, invalidFields } from '../client/errors';
import { CourseMatch, PartnerId, ProgrammeCode } from '../domain/curriculum';
import { evaluateCurriculum, showTenths, type IndividualCurriculum } from '../domain/curriculum-rules';
import { GrantSpend, reconcileGrant, tenge, type GrantReconciliation } from '../domain/grant';
import type { Policy } from '../domain/policy';
import {
  convertTranscript,
  creditTransfer,
  TranscriptGrade,
  type CreditTransfer,
} from '../domain/transcript';
import type { CurriculaService } from './curricula';
import { retakeTable, transferStatement } from '../activities/statements/credit-transfer';
import { renderStatement, type Statement } from '../activities/statements/pdf';

export const CurriculumRequest = z.strictObject({
  partnerId: PartnerId,
  programme: ProgrammeCode,
  semester: z.int().min(1).max(12),
  matches: z.array(CourseMatch).max(30),
});
export const CreditTransferRequest = CurriculumRequest.extend({
  grades: z.array(TranscriptGrade).min(1).max(60),
}).strict();
export const GrantRequest = z.strictObject({ region: z.string(), spend: GrantSpend });

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid('refused', parsed.error);
  return parsed.data;
}

/**
 * The after-selection calculations on real data: the individual curriculum (matches against the stored
 * working curriculum and catalogue, with the register's suggestions), the credit transfer from a
 * partner transcript, the grant reconciliation; each also as a PDF statement.
 */
export function createStatements(deps: { curricula: CurriculaService; policy: Policy }) {
  const { curricula, policy } = deps;

  const partnerOf = (partnerId: string) => {
    const partner = policy.afterSelection.partners[partnerId];
    if (!partner)
      throw invalidFields('refused', [
        {
          path: 'partnerId',
          message: `policy ${policy.version} has no grading table or credit conversion for partner ${partnerId}`,
        },
      ]);
    return partner;
  };

  async function curriculum(raw: unknown): Promise<IndividualCurriculum> {
    const r = parse(CurriculumRequest, raw);
    const partner = partnerOf(r.partnerId);
    const [courses, catalogue] = await Promise.all([
      curricula.semester(r.programme, r.semester),
      curricula.catalogue(r.partnerId),
    ]);
    if (courses.length === 0)
      throw new CaseError('notFound', `no working curriculum for ${r.programme}, semester ${r.semester}`);
    if (catalogue.length === 0)
      throw new CaseError('notFound', `no course catalogue for partner ${r.partnerId}`);
    return evaluateCurriculum({
      ...r,
      courses,
      catalogue,
      conversion: partner.credits,
      retakesPaid: policy.afterSelection.retakesPaid,
    });
  }

  async function transfer(
    raw: unknown,
  ): Promise<{ curriculum: IndividualCurriculum; transfer: CreditTransfer }> {
    const r = parse(CreditTransferRequest, raw);
    const plan = await curriculum({
      partnerId: r.partnerId,
      programme: r.programme,
      semester: r.semester,
      matches: r.matches,
    });
    if (plan.problems.length)
      throw invalidFields('the individual curriculum cannot be agreed', plan.problems);
    const scale = partnerOf(r.partnerId).gradingScale;
    const { converted, problems } = convertTranscript(r.grades, plan.lines, scale, policy.gradingScale);
    if (problems.length) throw invalidFields('the transcript cannot be converted', problems);
    return { curriculum: plan, transfer: creditTransfer(plan.lines, converted) };
  }

  function grant(raw: unknown): { region: string; reconciliation: GrantReconciliation } {
    const r = parse(GrantRequest, raw);
    const region = policy.mshe.regions.find((g) => g.id === r.region);
    if (!region)
      throw invalidFields('refused', [
        {
          path: 'region',
          message: `one of ${policy.mshe.regions.map((g) => g.id).join(', ')} (policy ${policy.version})`,
        },
      ]);
    return { region: region.name, reconciliation: reconcileGrant(region.allowances, r.spend) };
  }

  return {
    curriculum,
    transfer,
    grant,
    async curriculumPdf(raw: unknown) {
      return renderStatement(
        curriculumStatement(parse(CurriculumRequest, raw).partnerId, await curriculum(raw)),
      );
    },
    async transferPdf(raw: unknown) {
      const r = parse(CreditTransferRequest, raw);
      return renderStatement(transferStatement(r.partnerId, await transfer(raw), policy.version));
    },
    async grantPdf(raw: unknown) {
      const g = grant(raw);
      return renderStatement(grantStatement(g.region, g.reconciliation, policy.version));
    },
  };
}
export type Statements = ReturnType<typeof createStatements>;

export function curriculumStatement(partnerId: string, c: IndividualCurriculum): Statement {
  return {
    title: 'Individual curriculum',
    facts: [
      ['Programme', `${c.programme}, semester ${c.semester}`],
      ['Partner', partnerId],
      ['Credits', `${showTenths(c.plannedTenths)} planned of ${showTenths(c.requiredTenths)} required`],
      ['Retakes', c.retakesPaid ? 'paid by the student' : 'free of charge'],
    ],
    tables: [
      {
        heading: 'KBTU courses and the partner courses taken in their place',
        header: ['KBTU course', 'credits', 'partner course(s)', 'KBTU credits', 'status'],
        rows: c.lines.map((l) => [
          `${l.kbtu.code} ${l.kbtu.title}`,
          String(l.kbtu.credits),
          l.partner.map((p) => `${p.code} ${p.title}`).join(' + ') || '-',
          showTenths(l.creditsTenths),
          l.status,
        ]),
        widths: [150, 45, 180, 65, 60],
      },
      retakeTable(c),
    ],
    notes: c.problems.map((p) => `Problem: ${p.path}: ${p.message}`),
  };
}

export function grantStatement(region: string, r: GrantReconciliation, policyVersion: string): Statement {
  return {
    title: 'MSHE grant reconciliation',
    facts: [
      ['Region', `${region} (policy ${policyVersion})`],
      ["Student's own cost", `${tenge(r.ownCost)} KZT`],
      ['To be refunded', `${tenge(r.refund)} KZT`],
    ],
    tables: [
      {
        heading: 'Per category (never offset against another)',
        header: ['category', 'allowance', 'spent', 'own cost', 'refund'],
        rows: r.categories.map((c) => [
          c.category,
          tenge(c.allowance),
          tenge(c.spent),
          tenge(c.ownCost),
          tenge(c.refund),
        ]),
        widths: [110, 95, 95, 95, 95],
      },
    ],
    notes: ['Amounts in whole tenge.'],
  };
}
