import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { as, studentOf } from '../helpers/fixtures';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { between, drive, happyPath, through } from '../helpers/paths';
import { semester4Matches } from './support';
import { refusal } from '../helpers/refusal';

/**
 * The individual curriculum, the graded transcript and the credit recalculation on a real case: the
 * workflow on the time-skipping server, the curricula imported from the seed files into the project
 * database, the case computing the retake list and the transfer with TUM's German 1.0-5.0 table.
 */

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
  const seed = (file: string) => readFile(join(__dirname, '../../seed/curricula', file), 'utf8');
  await h.curricula.importKbtu({
    actor: as.dean,
    fileName: 'kbtu.csv',
    content: await seed('kbtu-working-curriculum.csv'),
  });
  await h.curricula.importCatalogue('tum', {
    actor: as.di,
    fileName: 'tum.csv',
    content: await seed('tum-catalogue.csv'),
  });
});
afterAll(() => h?.teardown());

const PROGRAMME = { programme: '6B06102', semester: 4 };
const GRADES = [
  { partnerCode: 'IN0007', grade: '1.3' },
  { partnerCode: 'IN0008', grade: '2.0' },
  { partnerCode: 'IN0009', grade: '4.3' },
  { partnerCode: 'MA0009', grade: '1.7' },
  { partnerCode: 'WZ1150', grade: '2.3' },
];

interface Computed {
  individualCurriculum?: { retakes: { code: string; reason: string }[]; plannedTenths: number };
  creditTransfer?: {
    transferredTenths: number;
    lines: { kbtuCode: string; grade: { letter: string } | null }[];
  };
  credits?: { creditsTransferred: number; retakeCourses: string[] };
  curriculum?: { creditsPlanned: number; creditsRequired: number };
}
const contextOf = async (caseId: string) => (await h.cases.get(caseId)).context as Computed;

test('the case agrees the curriculum from matches, converts the grades and transfers the credits itself', async () => {
  const request = await h.applicant('erasmus');
  const { caseId } = await h.cases.open(request);
  const path = happyPath('erasmus', 'paid', studentOf(request));
  await drive(h.cases, caseId, through(path, 'APPROVE_LEAVE'));
  const agree = { type: 'AGREE_CURRICULUM', actor: as.dean, ...PROGRAMME } as const;

  // Every rule refuses by the field it concerns, and nothing is recorded.
  const wrongType = await refusal(
    h.cases.act(caseId, { ...agree, matches: [{ kbtuCode: 'MATH2040', partnerCodes: ['IN2013'] }] }),
  );
  expect(wrongType.details.issues).toEqual([
    expect.objectContaining({
      path: 'matches.0.partnerCodes.0',
      message: expect.stringContaining('basic elective'),
    }),
  ]);
  const unknown = await refusal(
    h.cases.act(caseId, { ...agree, matches: [{ kbtuCode: 'CSE9999', partnerCodes: ['XX1'] }] }),
  );
  expect(unknown.details.issues?.map((i) => i.path)).toEqual(['matches.0.kbtuCode']);
  const noSemester = await refusal(h.cases.act(caseId, { ...agree, semester: 9, matches: semester4Matches }));
  expect(noSemester.details.issues).toEqual([
    expect.objectContaining({ path: 'semester', message: expect.stringContaining('6B06102, semester 9') }),
  ]);
  // Facts a caller sends are replaced by the stored curricula: a forged catalogue does not help.
  const forged = await refusal(
    h.cases.act(caseId, {
      ...agree,
      matches: [{ kbtuCode: 'MATH2040', partnerCodes: ['IN2013'] }],
      facts: { courses: [], catalogue: [] },
    }),
  );
  expect(forged.details.issues?.map((i) => i.path)).toEqual(['matches.0.partnerCodes.0']);
  expect((await contextOf(caseId)).individualCurriculum).toBeUndefined();

  await h.cases.act(caseId, { ...agree, matches: semester4Matches });
  const agreed = await contextOf(caseId);
  expect(agreed.individualCurriculum?.retakes).toEqual([
    expect.objectContaining({ code: 'HUM2010', reason: 'credit shortfall: 3 of 4 KBTU credits' }),
    expect.objectContaining({ code: 'CSE2990', reason: 'no partner course matched' }),
  ]);
  expect(agreed.curriculum).toEqual({
    creditsPlanned: 27,
    creditsRequired: 30,
    retakeCourses: ['HUM2010', 'CSE2990'],
  });
  // The agreed matches are in the register, suggested to the next student going to TUM.
  const suggested = await h.curricula.suggestions('tum', '6B06102', 4);
  expect(suggested.map((s) => [s.kbtuCode, s.partnerCodes])).toEqual(
    expect.arrayContaining(semester4Matches.map((m) => [m.kbtuCode, m.partnerCodes])),
  );

  await drive(h.cases, caseId, between(path, 'AGREE_CURRICULUM', 'RECORD_PARTNER_TRANSCRIPT'));
  const transcript = { type: 'RECORD_PARTNER_TRANSCRIPT', actor: as.di } as const;
  const badGrades = await refusal(
    h.cases.act(caseId, {
      ...transcript,
      grades: [
        { partnerCode: 'IN0007', grade: '0.5' },
        { partnerCode: 'IN2259', grade: '1.0' },
      ],
    }),
  );
  expect(badGrades.details.issues?.map((i) => i.path)).toEqual(['grades.0.grade', 'grades.1.partnerCode']);
  await h.cases.act(caseId, { ...transcript, grades: GRADES });
  const graded = await contextOf(caseId);
  // 6 + 5 + 5 KBTU credits: operating systems failed (4.3 is an F), philosophy was short from the start.
  expect(graded.creditTransfer?.transferredTenths).toBe(160);
  expect(graded.creditTransfer?.lines.find((l) => l.kbtuCode === 'CSE2210')?.grade?.letter).toBe('A');

  const recalculate = { type: 'RECALCULATE_CREDITS', actor: as.dean } as const;
  const typed = await refusal(h.cases.act(caseId, { ...recalculate, creditsTransferred: 30 }));
  expect(typed.details.issues?.map((i) => i.path)).toEqual(['creditsTransferred']);
  await h.cases.act(caseId, recalculate);
  const closed = await h.cases.get(caseId);
  expect(closed.stage).toBe('closed');
  expect((closed.context as Computed).credits).toEqual({
    creditsTransferred: 16,
    retakeCourses: ['HUM2010', 'CSE2990', 'CSE2250'],
  });
});

test('machine version 6 takes no typed figures: the plan needs matches, the transcript its grades', async () => {
  const request = await h.applicant('erasmus');
  const { caseId } = await h.cases.open(request);
  const path = happyPath('erasmus', 'paid', studentOf(request));
  await drive(h.cases, caseId, through(path, 'APPROVE_LEAVE'));
  const agree = { type: 'AGREE_CURRICULUM', actor: as.dean } as const;
  const refuseMissing = await refusal(h.cases.act(caseId, agree));
  expect(refuseMissing.details.issues?.map((i) => i.path)).toEqual(['matches']);
  const typed = await refusal(h.cases.act(caseId, { ...agree, creditsPlanned: 30, creditsRequired: 30 }));
  expect(typed.details.issues?.map((i) => i.path)).toEqual(['matches']);
  await drive(h.cases, caseId, between(path, 'APPROVE_LEAVE', 'RECORD_PARTNER_TRANSCRIPT'));
  const noGrades = await refusal(h.cases.act(caseId, { type: 'RECORD_PARTNER_TRANSCRIPT', actor: as.di }));
  expect(noGrades.details.issues?.map((i) => i.path)).toEqual(['grades']);
  // The partner system's transcript document is kept in the history; the return still waits for grades.
  await h.cases.partnerDocument(caseId, { kind: 'transcript', partnerId: 'tum' });
  expect((await h.cases.get(caseId)).allowedActions.map((a) => a.type)).toContain(
    'RECORD_PARTNER_TRANSCRIPT',
  );
  await drive(h.cases, caseId, path.slice(through(path, 'RECORD_PARTNER_TRANSCRIPT').length - 1));
  expect((await h.cases.get(caseId)).stage).toBe('closed');
});
