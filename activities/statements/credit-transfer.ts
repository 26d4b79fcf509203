import type { Student } from '../../domain/case';
import { showTenths, type IndividualCurriculum, type RetakeCourse } from '../../domain/curriculum-rules';
import type { CreditTransfer } from '../../domain/transcript';
import type { Statement } from './pdf';

/** The KBTU courses a student takes after return, with why: on the curriculum and the transfer statements. */
export const retakeTable = (c: { retakes: readonly RetakeCourse[] }) => ({
  heading: 'Disciplines to take after return',
  header: ['KBTU course', 'title', 'credits', 'why'],
  rows: c.retakes.map((r) => [r.code, r.title, String(r.credits), r.reason]),
  widths: [70, 170, 45, 215],
});

/** Who and what a statement issued on a case is for: printed at its head, dated by `issuedAt`. */
export interface StatementHeader {
  caseId: string;
  student: Pick<Student, 'id' | 'fullName'>;
  /** ISO date-time of issue: printed, and the PDF's own dates, so the same statement makes the same bytes. */
  issuedAt: string;
}

/** What the credit transfer statement reads of the individual curriculum the transfer was credited against. */
export type TransferCurriculum = Pick<
  IndividualCurriculum,
  'programme' | 'semester' | 'requiredTenths' | 'retakesPaid'
>;

/**
 * The credit transfer statement: the facts of the transfer, each course with its original and converted
 * grade and credits, and the retake list. With a header (a statement issued on a case) it names the
 * student and the case and is dated; without one (the calculator endpoint) it is neither.
 */
export function transferStatement(
  partner: string,
  {
    curriculum,
    transfer,
  }: {
    curriculum: TransferCurriculum;
    transfer: CreditTransfer;
  },
  policyVersion: string,
  header?: StatementHeader,
): Statement {
  return {
    title: 'Credit transfer statement',
    facts: [
      ...(header
        ? ([
            ['Student', `${header.student.fullName}, student id ${header.student.id}`],
            ['Case', header.caseId],
            ['Issued', header.issuedAt.slice(0, 10)],
          ] satisfies [string, string][])
        : []),
      ['Programme', `${curriculum.programme}, semester ${curriculum.semester}`],
      ['Partner', partner],
      [
        'Credits transferred',
        `${showTenths(transfer.transferredTenths)} of ${showTenths(curriculum.requiredTenths)}`,
      ],
      ['Retakes', curriculum.retakesPaid ? 'paid by the student' : 'free of charge'],
      ['Conversion', `the partner's grading table in policy ${policyVersion}`],
    ],
    tables: [
      {
        heading: 'Courses, grades and credits',
        header: ['KBTU course', 'partner course', 'original', 'KBTU grade', 'points', 'credits'],
        rows: transfer.lines.flatMap((l) =>
          l.courses.map((c, i) => [
            i === 0 ? `${l.kbtuCode} ${l.kbtuTitle}` : '',
            `${c.partnerCode} ${c.title}`,
            c.grade.original,
            c.grade.letter,
            c.grade.points.toFixed(2),
            i === 0 ? showTenths(l.transferredTenths) : '',
          ]),
        ),
        widths: [135, 150, 45, 65, 45, 60],
      },
      retakeTable(transfer),
    ],
    notes: [],
    ...(header ? { issuedAt: header.issuedAt } : {}),
  };
}
