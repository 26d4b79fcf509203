import type { PartnerAgreement } from './agreement';
import type { GradingScale, PartnerScale } from './grading-scale';

/** The term a semester such as 2027-fall falls in, as the agreements count places. */
export const termOf = (semester: string) => (semester.endsWith('fall') ? 'fall' : 'spring');

/** One row of the table a transcript to the partner reads: a KBTU letter and the partner grade it shows. */
export interface PartnerGradeRow {
  grade: string;
  kbtu: string;
}

/**
 * A partner as an incoming nomination reads it: its stored agreement (name, international office, the
 * KBTU schools it covers) and its grading table, the one the outgoing
 * credit recalculation converts with, read backwards.
 */
export interface IncomingPartner {
  id: string;
  name: string;
  contact: string;
  schools: string[];
  gradeTable: PartnerGradeRow[];
}

export function incomingPartner(
  agreement: PartnerAgreement,
  scale: PartnerScale,
  kbtu: GradingScale,
): IncomingPartner {
  return {
    id: agreement.partnerId,
    name: agreement.partnerName,
    contact: agreement.contact.email,
    schools: agreement.schools,
    gradeTable: partnerGradeTable(scale, kbtu),
  };
}

const decimals = (step: number) => (String(step).split('.')[1] ?? '').length;

/** What the partner reads for one of its grades: a letter as it is, a numeric band as its range. */
function gradesOf(scale: PartnerScale): { text: string; letter: string }[] {
  if (scale.kind === 'letters') return scale.grades.map((g) => ({ text: g.grade, letter: g.letter }));
  const fmt = (v: number) => v.toFixed(decimals(scale.step));
  return scale.bands.map((b) => ({
    text: b.from === b.to ? fmt(b.from) : `${fmt(b.from)}-${fmt(b.to)}`,
    letter: b.letter,
  }));
}

/**
 * For each KBTU letter, best first, the partner grade a transcript shows: the one the partner's table
 * converts to that letter, or, where none does, the best of those converting to fewer KBTU points, so a
 * student is never shown above what KBTU gave. A letter no partner grade is at or below gets no row
 * (the transcript names it as not convertible).
 */
export function partnerGradeTable(scale: PartnerScale, kbtu: GradingScale): PartnerGradeRow[] {
  const points = new Map(kbtu.map((b) => [b.letter, b.points]));
  const grades = gradesOf(scale);
  const rows: PartnerGradeRow[] = [];
  for (const band of kbtu) {
    const exact = grades.find((g) => g.letter === band.letter);
    const below = grades
      .filter((g) => (points.get(g.letter) ?? Infinity) <= band.points)
      .sort((a, b) => points.get(b.letter)! - points.get(a.letter)!)[0];
    const chosen = exact ?? below;
    if (chosen) rows.push({ grade: chosen.text, kbtu: band.letter });
  }
  return rows;
}
