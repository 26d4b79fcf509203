import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { FastifyInstance } from 'fastify';
import { extractPageText } from '../../activities/documents/pdf-text';
import { buildApi, type ApiDeps } from '../../api/server';
import { curriculaOn } from '../../app/staff';
import { createSqlCurriculumStore } from '../../stores/curricula';
import { createSqlEquivalenceStore } from '../../stores/equivalences';
import { freshDatabase, type TestDatabase } from '../stores/databases';
import { createStatements, type Statements } from '../../services/statements';
import { startTestIdentity } from '../helpers/auth';
import { currentPolicy } from '../helpers/fixtures';
import { SEED, tumMatches } from './support';

const dean = { id: 'dean-site', role: 'dean_office' as const };
const plan = { partnerId: 'tum', programme: '6B06102', semester: 4, matches: tumMatches };
const grades = [
  { partnerCode: 'IN0007', grade: '1.3' },
  { partnerCode: 'IN0008', grade: '4.1' },
  { partnerCode: 'MA0009', grade: '2,3' },
  { partnerCode: 'WZ1150', grade: '1.0' },
  { partnerCode: 'IN2013', grade: '3.7' },
];

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  return doc
    .getPages()
    .map((p) => extractPageText(doc, p, 1 << 22))
    .join('\n');
}

let dir: string;
let database: TestDatabase;
let statements: Statements;
let api: FastifyInstance;
let base: string;
let identity: Awaited<ReturnType<typeof startTestIdentity>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statements-'));
  database = await freshDatabase('pglite');
  identity = await startTestIdentity(join(dir, 'identity'));
  const curricula = curriculaOn({
    curricula: createSqlCurriculumStore(database.db),
    equivalences: createSqlEquivalenceStore(database.db),
  });
  const file = (name: string) => readFile(join(SEED, name), 'utf8');
  await curricula.importKbtu({
    actor: dean,
    fileName: 'k.csv',
    content: await file('kbtu-working-curriculum.csv'),
  });
  await curricula.importCatalogue('tum', {
    actor: dean,
    fileName: 't.csv',
    content: await file('tum-catalogue.csv'),
  });
  statements = createStatements({ curricula, policy: currentPolicy });
  api = await buildApi({
    auth: identity.auth,
    openCase: () => Promise.reject(new Error('not used')),
    cases: { maxUploadBytes: () => 1024 } as unknown as ApiDeps['cases'],
    calls: {} as ApiDeps['calls'],
    eligibility: () => Promise.reject(new Error('not used')),
    ranking: () => Promise.reject(new Error('not used')),
    curricula,
    statements,
  });
  base = await api.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await api.close();
  await identity.stop();
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

test('credit transfer: German grades converted, a failed course and the plan shortfalls on the retake list', async () => {
  const { transfer } = await statements.transfer({ ...plan, grades });
  expect(transfer.lines.map((l) => [l.kbtuCode, l.grade?.letter, l.transferredTenths / 10])).toEqual([
    ['CSE2210', 'A', 6],
    ['CSE2230', 'F', 0],
    ['MATH2040', 'B', 5],
    ['HUM2010', 'A', 0],
    ['CSE2990', 'D+', 5],
  ]);
  expect(transfer.transferredTenths).toBe(160);
  expect(transfer.retakes.map((r) => `${r.code}: ${r.reason}`)).toEqual([
    'CSE2250: no partner course matched',
    'HUM2010: credit shortfall: 3 of 4 KBTU credits',
    'CSE2230: failed at the partner: IN0008',
  ]);
});

test('a grade off the scale or a course outside the agreement is refused by its line; an unknown partner by name', async () => {
  await expect(
    statements.transfer({ ...plan, grades: [...grades, { partnerCode: 'IN9999', grade: '1.0' }] }),
  ).rejects.toThrow('grades.5.partnerCode: IN9999 is not a course of the learning agreement');
  await expect(
    statements.transfer({ ...plan, grades: [{ partnerCode: 'IN0007', grade: '0.7' }] }),
  ).rejects.toThrow('grades.0.grade: "0.7" is not a grade of German 1.0-5.0 (1-5)');
  await expect(statements.transfer({ ...plan, partnerId: 'mit', grades })).rejects.toThrow(
    `partnerId: policy ${currentPolicy.version} has no grading table or credit conversion for partner mit`,
  );
});

test('the credit transfer statement PDF, fetched over HTTP, reads back with every course, grade, credit and retake', async () => {
  const res = await fetch(`${base}/statements/credit-transfer?format=pdf`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await identity.bearer()) },
    body: JSON.stringify({ ...plan, grades }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
  for (const expected of [
    'Credit transfer statement',
    '16 of 30',
    'IN0007 Fundamentals of Algorithm',
    '1.3',
    '4.1',
    '2,3',
    'D+',
    'CSE2250',
    'failed at the partner: IN0008',
    'credit shortfall: 3 of 4 KBTU credits',
  ])
    expect(text).toContain(expected);
});

test("the grant statement: the issue's MSHE example, per category, as JSON and as a PDF", async () => {
  const body = {
    region: 'europe',
    spend: { flight: 300_000, accommodation: 900_000, insurance: 53_550, visa: 40_800 },
  };
  expect(statements.grant(body).reconciliation).toMatchObject({ ownCost: 38_625, refund: 28_200 });
  const text = await pdfText(await statements.grantPdf(body));
  for (const expected of [
    'MSHE grant reconciliation',
    'Europe',
    '38,625 KZT',
    '28,200 KZT',
    '261,375',
    '300,000',
    '928,200',
  ])
    expect(text).toContain(expected);
  const bad = await fetch(`${base}/statements/grant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await identity.bearer()) },
    body: JSON.stringify({ region: 'europe', spend: { ...body.spend, visa: 40_800.5 } }),
  });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toBe(
    'invalid body: spend.visa: amounts are whole tenge',
  );
});

test('the individual curriculum before approval: retake list and whether retakes are paid', async () => {
  const c = await statements.curriculum(plan);
  expect(c.retakes.map((r) => r.code)).toEqual(['CSE2250', 'HUM2010']);
  expect(c.retakesPaid).toBe(true);
  const text = await pdfText(await statements.curriculumPdf(plan));
  expect(text).toContain('paid by the student');
  expect(text).toContain('no partner course matched');
});
