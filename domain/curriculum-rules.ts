import type { FieldIssue } from './issues';
import type { CreditConversion } from './curriculum-policy';
import { tenths, type CourseMatch, type KbtuCourse, type PartnerCourse } from './curriculum';

/** One KBTU course of the mobility semester in the individual curriculum, with what replaces it. */
export interface CurriculumLine {
  kbtu: KbtuCourse;
  partner: PartnerCourse[];
  /** The partner courses' credits converted to KBTU credits, in tenths (integers: no float sums). */
  creditsTenths: number;
  status: 'matched' | 'short' | 'unmatched';
}

/** A KBTU course the student takes after return: never matched, short of credits, or (after return) failed. */
export interface RetakeCourse {
  code: string;
  title: string;
  credits: number;
  reason: string;
}

/** The individual curriculum as the dean's office sees it before agreeing it. */
export interface IndividualCurriculum {
  programme: string;
  semester: number;
  lines: CurriculumLine[];
  /** Why the proposal cannot be agreed as it stands; empty when it can. */
  problems: FieldIssue[];
  retakes: RetakeCourse[];
  retakesPaid: boolean;
  /** The semester's working-curriculum credits and the converted partner credits planned, in tenths. */
  requiredTenths: number;
  plannedTenths: number;
}

/** Partner credits in KBTU credits (tenths), by the partner's exact conversion fraction, rounded down. */
export function kbtuTenths(partnerCredits: number, c: CreditConversion): number {
  return Math.floor((tenths(partnerCredits) * c.numerator) / c.denominator);
}

export const showTenths = (t: number) => (t % 10 === 0 ? String(t / 10) : (t / 10).toFixed(1));

interface Proposal {
  programme: string;
  semester: number;
  /** The working curriculum of the programme in that semester. */
  courses: readonly KbtuCourse[];
  /** The partner courses the matches name, as the partner's catalogue holds them. */
  catalogue: readonly PartnerCourse[];
  matches: readonly CourseMatch[];
  conversion: CreditConversion;
  retakesPaid: boolean;
}

/**
 * The rules of DOMAIN.md on a proposal: every compulsory course matched to partner courses (of similar
 * content: the dean's office confirms each match by agreeing), every elective to partner courses the
 * catalogue classifies with the same elective type, no course matched twice, no partner course used
 * twice. A KBTU course left unmatched, or matched with fewer converted credits than it carries, goes on
 * the retake list; the totals compare the plan with the semester's working-curriculum credits.
 */
export function evaluateCurriculum(p: Proposal): IndividualCurriculum {
  const problems: FieldIssue[] = [];
  const byCode = new Map(p.courses.map((c) => [c.code.toUpperCase(), c]));
  const partnerByCode = new Map(p.catalogue.map((c) => [c.code.toUpperCase(), c]));
  const usedPartner = new Map<string, string>();
  const matched = new Map<string, PartnerCourse[]>();
  p.matches.forEach((m, i) => {
    const kbtu = byCode.get(m.kbtuCode.toUpperCase());
    if (!kbtu) {
      problems.push({
        path: `matches.${i}.kbtuCode`,
        message: `${m.kbtuCode} is not in the working curriculum of ${p.programme}, semester ${p.semester}`,
      });
      return;
    }
    if (matched.has(kbtu.code)) {
      problems.push({ path: `matches.${i}.kbtuCode`, message: `${kbtu.code} is matched twice` });
      return;
    }
    const partner: PartnerCourse[] = [];
    m.partnerCodes.forEach((code, j) => {
      const path = `matches.${i}.partnerCodes.${j}`;
      const course = partnerByCode.get(code.toUpperCase());
      if (!course) {
        problems.push({ path, message: `${code} is not in the partner's course catalogue` });
        return;
      }
      const other = usedPartner.get(course.code);
      if (other) {
        problems.push({ path, message: `${course.code} already stands for ${other}` });
        return;
      }
      if (kbtu.component === 'elective' && course.electiveType !== kbtu.electiveType) {
        problems.push({
          path,
          message: `${kbtu.code} is a ${label(kbtu.electiveType)} elective; ${course.code} is ${
            course.electiveType ? `classified ${label(course.electiveType)}` : 'not classified as an elective'
          } in the partner's catalogue`,
        });
        return;
      }
      usedPartner.set(course.code, kbtu.code);
      partner.push(course);
    });
    matched.set(kbtu.code, partner);
  });
  const lines = p.courses.map((kbtu): CurriculumLine => {
    const partner = matched.get(kbtu.code) ?? [];
    const creditsTenths = partner.reduce((sum, c) => sum + kbtuTenths(c.credits, p.conversion), 0);
    const status =
      partner.length === 0 ? 'unmatched' : creditsTenths < tenths(kbtu.credits) ? 'short' : 'matched';
    return { kbtu, partner, creditsTenths, status };
  });
  return {
    programme: p.programme,
    semester: p.semester,
    lines,
    problems,
    retakes: curriculumRetakes(lines),
    retakesPaid: p.retakesPaid,
    requiredTenths: p.courses.reduce((sum, c) => sum + tenths(c.credits), 0),
    plannedTenths: lines.reduce((sum, l) => sum + l.creditsTenths, 0),
  };
}

/** The KBTU courses the plan leaves for after return. */
export function curriculumRetakes(lines: readonly CurriculumLine[]): RetakeCourse[] {
  return lines
    .filter((l) => l.status !== 'matched')
    .map((l) => ({
      code: l.kbtu.code,
      title: l.kbtu.title,
      credits: l.kbtu.credits,
      reason:
        l.status === 'unmatched'
          ? 'no partner course matched'
          : `credit shortfall: ${showTenths(l.creditsTenths)} of ${l.kbtu.credits} KBTU credits`,
    }));
}

const label = (t: string | null) => (t ?? 'unclassified').replace('_', ' ');
