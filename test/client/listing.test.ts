import { CaseFilter, caseListQuery } from '../../client/listing';
import { IncomingFilter, incomingListQuery } from '../../client/incoming-listing';

describe('the visibility query behind case lists', () => {
  test.each<[string, Record<string, string>, string[]]>([
    ['no filter', {}, []],
    [
      'a stage and a track',
      { stage: 'closed', track: 'mshe' },
      [`MobilityStage = 'closed'`, `FundingTrack = 'mshe'`],
    ],
    ['open cases', { status: 'open' }, [`ExecutionStatus = 'Running'`]],
    ['finished cases', { status: 'finished' }, [`ExecutionStatus != 'Running'`]],
  ])('%s: one row per case, never the runs a case continued from', (_, input, clauses) => {
    const query = caseListQuery(CaseFilter.parse(input));
    expect(query).toContain(`WorkflowType = 'outgoingCaseWorkflow'`);
    expect(query).toContain(`ExecutionStatus != 'ContinuedAsNew'`);
    for (const c of clauses) expect(query).toContain(c);
  });

  test('a value that could break out of the query is refused, naming the field', () => {
    const parsed = CaseFilter.safeParse({ school: "SITE' OR 1=1" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['school']);
  });
});

describe('the visibility query behind incoming case lists', () => {
  test('one row per incoming case, with the same status clauses as the outgoing list', () => {
    const query = incomingListQuery(IncomingFilter.parse({ status: 'finished', partnerId: 'tum' }));
    expect(query).toContain(`WorkflowType = 'incomingCaseWorkflow'`);
    expect(query).toContain(`ExecutionStatus != 'ContinuedAsNew'`);
    expect(query).toContain(`ExecutionStatus != 'Running'`);
    expect(query).toContain(`PartnerId = 'tum'`);
  });
});
