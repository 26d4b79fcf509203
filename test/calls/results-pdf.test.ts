import { PDFDocument } from 'pdf-lib';
import { initialTransition, transition } from 'xstate';
import { extractPageText } from '../../activities/documents/pdf-text';
import { SYSTEM_ACTOR } from '../../domain/actor';
import type { CallEvent } from '../../machines/call/context';
import { callMachine } from '../../machines/call/machine';
import { callRanking, callView } from '../../machines/call/view';
import { formatCall } from '../../cli/calls';
import { resultsPdf } from '../../services/call-results-pdf';
import { applicant, callInput } from './support';

const di = { id: 'aliya.di', role: 'di_officer' as const };
const AT = '2026-10-21T09:00:00+05:00';

async function pdfLines(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  return doc
    .getPages()
    .map((p) => extractPageText(doc, p, 1 << 22))
    .join('\n');
}

test('the results list wraps a long reason onto more lines instead of cutting it', async () => {
  const xs = [4, 3.8, 3.6, 3.4].map((gpa) => applicant({ gpa, preferences: ['tum', 'epfl'] }));
  const why =
    'the partner asked for this student by name after the joint summer school, where the student led the robotics team';
  const events: CallEvent[] = [
    ...xs.map((a) => ({ type: 'JOIN', actor: SYSTEM_ACTOR, at: AT, applicant: a }) as const),
    { type: 'CLOSE', actor: di, at: AT },
    { type: 'OVERRIDE', actor: di, at: AT, caseId: xs[3]!.caseId, outcome: 'not_selected', reason: why },
  ];
  let s = initialTransition(callMachine, callInput())[0];
  for (const e of events) s = transition(callMachine, s, e)[0];
  const text = await pdfLines(await resultsPdf(callView(s), callRanking(s)));
  // The text comes back line by line: the reason's words, in order, with nothing cut.
  const words = text.replace(/\s+/g, ' ');
  expect(words).toContain(`not selected by DI: ${why}`);
  expect(text).not.toContain('~');
  // The rows below the wrapped one are still there, each on its own lines.
  for (const a of xs) expect(text).toContain(a.studentId);
});

test('an open call counts its applicants; places are taken only once it is ranked', async () => {
  let s = initialTransition(callMachine, callInput())[0];
  for (const a of [applicant(), applicant()])
    s = transition(callMachine, s, { type: 'JOIN', actor: SYSTEM_ACTOR, at: AT, applicant: a })[0];
  const open = callView(s);
  expect(open.applicants).toBe(2);
  expect(open.places.map((p) => [p.id, p.places, p.taken, p.free])).toEqual([
    ['tum', 2, null, null],
    ['epfl', 1, null, null],
  ]);
  expect(formatCall(open)).toContain('2 applicant(s); places tum 2, epfl 1)');
  const board = (await pdfLines(await resultsPdf(open, callRanking(s)))).replace(/\s+/g, ' ');
  expect(board).toContain('Applicants: 2 joined Places: Partner tum 2, Partner epfl 1');
  s = transition(callMachine, s, { type: 'CLOSE', actor: di, at: AT })[0];
  const ranked = callView(s);
  expect(ranked.places.map((p) => [p.id, p.taken, p.free])).toEqual([
    ['tum', 2, 0],
    ['epfl', 0, 1],
  ]);
  expect(formatCall(ranked)).toContain('places tum 2/2 taken, epfl 0/1 taken');
});
