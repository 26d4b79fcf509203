import type { ApplicantResult } from '../domain/call-applicant';
import type { CallRanking, CallView } from '../domain/call-view';
import { renderStatement, type Statement } from '../activities/statements/pdf';

const STATUS = (r: CallRanking) =>
  r.published
    ? 'published'
    : r.state === 'open'
      ? 'provisional: the call is still open'
      : 'proposed: not yet published';

function resultOf(r: ApplicantResult): string {
  if (r.outcome === 'selected') return 'selected';
  if (r.outcome === 'waitlisted') return `waitlist ${r.waitlistPosition}`;
  return 'not selected';
}

const kzt = (n: number) => `${n.toLocaleString('en-US')} KZT`;

/**
 * A call's results as the list for the notice board: rank, student, result, place and reason, and for an
 * MSHE call each region's allowances per category (the same for every student placed there).
 */
export function resultsStatement(view: CallView, ranking: CallRanking): Statement {
  const { call } = view;
  const withAllowances = call.places.filter((p) => p.allowances);
  return {
    title: `Results: ${call.title}`,
    facts: [
      ['Call', `${call.id} (${call.track}, ${call.mobilitySemester})`],
      ['Status', STATUS(ranking)],
      ['Applicants', `${view.applicants} joined`],
      [
        'Places',
        view.places
          .map((p) =>
            p.taken === null ? `${p.name} ${p.places}` : `${p.name} ${p.taken} of ${p.places} taken`,
          )
          .join(', '),
      ],
      ['Ranked by', `${ranking.criteria.join(', ')} (policy ${ranking.policyVersion})`],
    ],
    tables: [
      {
        heading: `Applicants (${ranking.results.length})`,
        header: ['Rank', 'Student', 'Name', 'Result', 'Place', 'Reason'],
        widths: [30, 76, 110, 58, 90, 135],
        wrap: [5],
        rows: ranking.results.map((r) => [
          r.rank === null ? '-' : String(r.rank),
          r.studentId,
          r.fullName,
          resultOf(r),
          r.placeName ?? r.offer?.placeName ?? '',
          r.reason,
        ]),
      },
      ...(withAllowances.length
        ? [
            {
              heading: 'Allowances per student (MSHE)',
              header: ['Place', 'Flight', 'Accommodation', 'Insurance', 'Visa'],
              widths: [139, 90, 90, 90, 90],
              rows: withAllowances.map((p) => {
                const a = p.allowances!;
                return [p.name, kzt(a.flight), kzt(a.accommodation), kzt(a.insurance), kzt(a.visa)];
              }),
            },
          ]
        : []),
    ],
    notes: [
      'Ranked by the criteria above, ties broken by case id; each student is placed in the first of their',
      'preferences with room (serial dictatorship by rank). A freed place is offered down the waitlist.',
    ],
  };
}

/** The notice-board list of a call's results, as a PDF. */
export function resultsPdf(view: CallView, ranking: CallRanking): Promise<Uint8Array> {
  return renderStatement(resultsStatement(view, ranking));
}
