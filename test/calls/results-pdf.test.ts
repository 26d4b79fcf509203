import { PDFDocument } from 'pdf-lib';
import { initialTransition, transition } from 'xstate';
import { extractPageText } from '../../activities/documents/pdf-text';
import { SYSTEM_ACTOR } from '../../domain/actor';
import type { CallEvent } from '../../machines/call/context';
import { callMachine } from '../../machines/call/machine';
import { callRanking, callView } from '../../machines/call/view';
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
