import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pdfLines } from '../helpers/pdf';
import {
  createStatementActivities,
  type CreditTransferStatementRequest,
  type StatementActivities,
} from '../../activities/statements/activities';
import { openDatabase, type OpenDatabase } from '../../app/embedded/database';
import { readGradesFile } from '../../cli/grades-file';
import { evaluateCurriculum } from '../../domain/curriculum-rules';
import { convertTranscript, creditTransfer, type TranscriptGrade } from '../../domain/transcript';
import { FileSystemBlobStore } from '../../stores/blobs';
import { createDocumentStore, type DocumentStore } from '../../stores/documents';
import { testSealer } from '../documents/fixtures';
import { currentPolicy } from '../helpers/fixtures';
import { SEED, semester4, semester4Matches, tumCatalogue } from './support';

/**
 * The credit transfer statement an outgoing case issues: made from the case's own figures (the seed
 * working curriculum, TUM's catalogue and the seed TUM transcript, through the domain's rules and the
 * current policy's German table), kept in the real document store (a folder and the project database),
 * and read back from the stored bytes.
 */

const tum = currentPolicy.afterSelection.partners.tum!;
const curriculum = evaluateCurriculum({
  programme: '6B06102',
  semester: 4,
  courses: semester4,
  catalogue: tumCatalogue,
  matches: semester4Matches,
  conversion: tum.credits,
  retakesPaid: currentPolicy.afterSelection.retakesPaid,
});

function transferOf(grades: TranscriptGrade[]) {
  const { converted, problems } = convertTranscript(
    grades,
    curriculum.lines,
    tum.gradingScale,
    currentPolicy.gradingScale,
  );
  if (problems.length) throw new Error(`the seed transcript does not convert: ${JSON.stringify(problems)}`);
  return creditTransfer(curriculum.lines, converted);
}

let seedGrades: TranscriptGrade[];
let request: CreditTransferStatementRequest;

let dir: string;
let database: OpenDatabase;
let store: DocumentStore;
let activities: StatementActivities;
const sealer = testSealer();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statement-activity-'));
  database = await openDatabase({ dataDir: join(dir, 'db') });
  seedGrades = await readGradesFile(join(SEED, 'tum-transcript.csv'));
  request = {
    caseId: 'OUT-2027-0042',
    student: { id: 'KB21001', fullName: 'Aruzhan Seitkali' },
    partnerName: 'Technical University of Munich',
    curriculum,
    transfer: transferOf(seedGrades),
    policyVersion: currentPolicy.version,
    issuedAt: '2027-08-20T09:30:00.000Z',
  };
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await sql`TRUNCATE documents`.execute(database.db);
  const blobs = join(dir, `blobs-${Date.now()}`);
  store = createDocumentStore({ db: database.db, blobs: new FileSystemBlobStore(blobs), sealer });
  activities = createStatementActivities({ store });
});

async function storedRows(): Promise<string[]> {
  const rows = await sql<{ sha256: string }>`SELECT sha256 FROM documents ORDER BY sha256`.execute(
    database.db,
  );
  return rows.rows.map((r) => r.sha256);
}

/** The text of the stored PDF, one drawn string (a fact, a table cell) a line. */
async function storedText(sha256: string): Promise<string[]> {
  const bytes = await store.get(sha256);
  if (!bytes) throw new Error(`${sha256} is not in the store`);
  return pdfLines(bytes);
}

/** The cells that follow `first` in the text: a table row read from its first cell on. */
function rowFrom(text: string[], first: string, cells: number): string[] {
  const at = text.findIndex((t) => t.startsWith(first));
  if (at < 0) throw new Error(`no line starts with ${first} in:\n${text.join('\n')}`);
  return text.slice(at, at + cells);
}

test('the statement names the student and the case, and lists every course, grade, credit and retake', async () => {
  const { transfer } = request;
  // The seed figures as the rules compute them: 6 + 5 + 5 credits; operating systems failed (4.3).
  expect(transfer.transferredTenths).toBe(160);
  expect(transfer.retakes.map((r) => r.code)).toEqual(['HUM2010', 'CSE2990', 'CSE2250']);

  const { sha256, size } = await activities.issueCreditTransferStatement(request);
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  const stored = await store.get(sha256);
  expect(stored?.length).toBe(size);
  expect(stored?.subarray(0, 5).toString()).toBe('%PDF-');

  const text = await storedText(sha256);
  expect(text[0]).toBe('Credit transfer statement');
  const fact = (label: string) => text[text.indexOf(`${label}:`) + 1];
  expect(fact('Student')).toBe('Aruzhan Seitkali, student id KB21001');
  expect(fact('Case')).toBe('OUT-2027-0042');
  expect(fact('Issued')).toBe('2027-08-20');
  expect(fact('Partner')).toBe('Technical University of Munich');
  expect(fact('Programme')).toBe('6B06102, semester 4');
  expect(fact('Credits transferred')).toBe('16 of 30');
  expect(fact('Retakes')).toBe(
    currentPolicy.afterSelection.retakesPaid ? 'paid by the student' : 'free of charge',
  );

  // Every course a row: KBTU course, partner course, original grade, KBTU grade, points, KBTU credits.
  const courses = transfer.lines.flatMap((l) => l.courses.map((c) => ({ line: l, course: c })));
  expect(courses).toHaveLength(semester4Matches.length);
  for (const { line, course } of courses) {
    const row = rowFrom(text, `${line.kbtuCode} `, 6);
    expect(row[1]?.startsWith(`${course.partnerCode} `)).toBe(true);
    expect(row.slice(2)).toEqual([
      course.grade.original,
      course.grade.letter,
      course.grade.points.toFixed(2),
      String(line.transferredTenths / 10),
    ]);
  }
  expect(rowFrom(text, 'IN0007 ', 5)).toEqual(['IN0007 Fundamentals of Algorithm~', '1.3', 'A', '4.00', '6']);
  expect(rowFrom(text, 'IN0009 ', 5).slice(1)).toEqual(['4.3', 'F', '0.00', '0']);

  // The retake list after the table: code, title, credits, why.
  const retakes = text.slice(text.indexOf('Disciplines to take after return'));
  for (const r of transfer.retakes)
    expect(rowFrom(retakes, r.code, 4)).toEqual([r.code, r.title, String(r.credits), r.reason]);
  expect(retakes.join('\n')).toContain('failed at the partner: IN0009');
  expect(retakes.join('\n')).toContain('credit shortfall: 3 of 4 KBTU credits');
  expect(retakes.join('\n')).toContain('no partner course matched');
});

test('the same request makes the same bytes, stored once; another request another document', async () => {
  const first = await activities.issueCreditTransferStatement(request);
  // A retry later in time (a new PDF rendered, a second put) changes nothing.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const again = await activities.issueCreditTransferStatement(structuredClone(request));
  expect(again).toEqual(first);
  expect(await storedRows()).toEqual([first.sha256]);

  const later = await activities.issueCreditTransferStatement({
    ...request,
    issuedAt: '2027-08-21T09:30:00.000Z',
  });
  const regraded = await activities.issueCreditTransferStatement({
    ...request,
    transfer: transferOf(seedGrades.map((g) => (g.partnerCode === 'IN0009' ? { ...g, grade: '2.7' } : g))),
  });
  const hashes = new Set([first.sha256, later.sha256, regraded.sha256]);
  expect(hashes.size).toBe(3);
  expect(await storedRows()).toEqual([...hashes].sort());
  const regradedText = await storedText(regraded.sha256);
  expect(regradedText[regradedText.indexOf('Credits transferred:') + 1]).toBe('21 of 30');
});

test('an issuedAt that is not a date is refused for good, nothing stored', async () => {
  await expect(
    activities.issueCreditTransferStatement({ ...request, issuedAt: 'yesterday' }),
  ).rejects.toMatchObject({ nonRetryable: true, type: 'InvalidStatementRequest' });
  expect(await storedRows()).toEqual([]);
});
