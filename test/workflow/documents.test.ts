import { ELF, makeJpeg, makePdfBomb, makeTextPdf, makeZip } from '../documents/fixtures';
import type { Actor } from '../../domain/actor';
import { as, studentOf } from '../helpers/fixtures';
import { refusal } from '../helpers/refusal';
import { startTimeSkippingHarness, type Harness } from '../helpers/harness';
import { applicationDocuments, documentBytes, drive } from '../helpers/paths';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(async () => {
  await h?.teardown();
});

/** Each case's own student, who uploads into it. */
const students = new Map<string, Actor>();

async function opened(track: 'self_funded' | 'mshe' | 'erasmus'): Promise<string> {
  const request = await h.applicant(track);
  const { caseId } = await h.cases.open(request);
  students.set(caseId, studentOf(request));
  return caseId;
}

async function submitted(track: 'self_funded' | 'mshe' | 'erasmus'): Promise<string> {
  const caseId = await opened(track);
  await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: students.get(caseId)! });
  return caseId;
}

const upload = (caseId: string, kind: string, bytes: Uint8Array, fileName = `${kind}.bin`) =>
  h.cases.upload(caseId, { kind, actor: students.get(caseId)!, fileName }, bytes);

describe('the checklist of each track', () => {
  test.each([
    ['self_funded', ['transcript', 'passport_scan']],
    ['erasmus', ['transcript', 'passport_scan']],
    [
      'mshe',
      [
        'application_form',
        'transcript',
        'passport_scan',
        'english_evidence',
        'medical_certificate_072u',
        'paper_folder',
        'social_priority',
      ],
    ],
  ] as const)('%s asks for %j from an applicant with B2 on the transcript', async (track, items) => {
    const view = await h.cases.get(await submitted(track));
    expect(view.checklist?.lines.map((l) => l.id)).toEqual(items);
    expect(view.checklist?.complete).toBe(false);
    expect(view.states).toContain('open.eligibilityReview.documents.incomplete');
  });
});

describe('a document is checked, and the case waits until the checklist is complete', () => {
  test('a low-resolution passport scan is refused with the reason; a resubmission is accepted', async () => {
    const caseId = await submitted('self_funded');
    const transcript = await upload(caseId, 'transcript', await documentBytes('transcript'));
    expect(transcript.verdict).toMatchObject({ kind: 'transcript', accepted: true });
    expect(transcript.result.document).toEqual(transcript.verdict);
    const low = await upload(caseId, 'passport_scan', makeJpeg(640, 480), 'phone.jpg');
    expect(low.verdict.accepted).toBe(false);
    expect(low.result).toMatchObject({ caseId, stage: 'eligibilityReview', document: low.verdict });
    expect(low.result.states).toContain('open.eligibilityReview.documents.incomplete');
    const lowView = await h.cases.get(caseId);
    expect(lowView.checklist?.lines.find((l) => l.id === 'passport_scan')).toMatchObject({
      status: 'refused',
      reasons: [expect.stringContaining('640x480 pixels, below the 1000x700')],
    });
    // An upload is two lines: the attachment by the student, then the check's verdict.
    const audit = await h.cases.history(caseId);
    expect(audit.slice(-2)).toMatchObject([
      { event: 'ATTACH_DOCUMENT', actor: students.get(caseId), reason: null },
      {
        event: 'DOCUMENT_CHECKED',
        actor: { role: 'system' },
        reason: expect.stringMatching(/^passport_scan refused: .*640x480 pixels, below the 1000x700/),
      },
    ]);
    expect(audit.find((e) => e.event === 'DOCUMENT_CHECKED')?.reason).toBe('transcript accepted');

    const good = await upload(caseId, 'passport_scan', makeJpeg(1400, 1000), 'scan.jpg');
    expect(good.verdict.accepted).toBe(true);
    expect(good.result.states).toContain('open.eligibilityReview.documents.complete');
    expect(good.result.allowedActions.map((a) => a.type)).toContain('CONFIRM_ELIGIBILITY');
    const goodView = await h.cases.get(caseId);
    expect(goodView.checklist?.complete).toBe(true);
    expect(goodView.context.documents).toHaveLength(3);
    expect((await h.cases.history(caseId)).at(-1)).toMatchObject({
      event: 'DOCUMENT_CHECKED',
      reason: 'passport_scan accepted',
      to: expect.stringContaining('open.eligibilityReview.documents.complete'),
    });
    const confirmed = await h.cases.act(caseId, { type: 'CONFIRM_ELIGIBILITY', actor: as.di });
    expect(confirmed.stage).toBe('competition');
    expect(confirmed.document).toBeNull();
  });

  test('MSHE: DI confirms the paper folder; until then DI cannot confirm eligibility', async () => {
    const caseId = await submitted('mshe');
    const uploads = applicationDocuments('mshe', students.get(caseId)).filter((s) => 'upload' in s);
    await drive(h.cases, caseId, uploads);
    const waiting = await h.cases.get(caseId);
    expect(waiting.checklist?.lines.filter((l) => !l.optional && l.status !== 'accepted')).toEqual([
      expect.objectContaining({
        id: 'paper_folder',
        status: 'missing',
        reasons: ['awaiting staff confirmation'],
      }),
    ]);
    expect((await refusal(h.cases.act(caseId, { type: 'CONFIRM_ELIGIBILITY', actor: as.di }))).kind).toBe(
      'conflict',
    );
    const folder = await h.cases.act(caseId, { type: 'CONFIRM_PAPER_FOLDER', actor: as.di });
    expect(folder.states).toContain('open.eligibilityReview.documents.complete');
    expect(folder.allowedActions.map((a) => a.type)).toContain('CONFIRM_ELIGIBILITY');
    expect(folder.allowedActions.map((a) => a.type)).not.toContain('CONFIRM_PAPER_FOLDER');
    expect((await h.cases.get(caseId)).checklist?.complete).toBe(true);
  });

  test('a self-funded case has no paper folder to confirm', async () => {
    const caseId = await submitted('self_funded');
    const err = await refusal(h.cases.act(caseId, { type: 'CONFIRM_PAPER_FOLDER', actor: as.di }));
    expect(err.kind).toBe('conflict');
  });
});

describe('bad uploads are refused and leave the case unchanged', () => {
  test.each([
    ['an empty file', 'transcript', () => new Uint8Array(0), /empty/],
    ['an executable renamed to .pdf', 'transcript', () => ELF, /executable/i],
    ['a zip archive', 'passport_scan', () => makeZip('scan.jpg', makeJpeg(1200, 900)), /archive|zip/i],
    ['an image where only a PDF will do', 'transcript', () => makeJpeg(1200, 900), /must be PDF/],
    ['a file over the size limit', 'transcript', () => new Uint8Array(11 * 1024 * 1024).fill(0x25), /limit/],
    [
      'a PDF that inflates past the limit',
      'transcript',
      () => makePdfBomb(300 * 1024 * 1024),
      /decompress|inflate|bomb/i,
    ],
  ])('%s', async (_, kind, bytes, why) => {
    const caseId = await submitted('erasmus');
    const before = await h.cases.history(caseId);
    const err = await refusal(upload(caseId, kind, await bytes()));
    expect(err.kind).toBe('invalid');
    expect(err.message).toMatch(why);
    expect(err.details.issues?.[0]?.path).toBe('file');
    expect(await h.cases.history(caseId)).toEqual(before);
  });

  test('the same bytes twice in one case are a duplicate; another case takes them', async () => {
    const pdf = await makeTextPdf(['KBTU application for participation', 'Duplicate check']);
    const first = await submitted('mshe');
    await upload(first, 'application_form', pdf);
    const before = await h.cases.history(first);
    const dup = await refusal(upload(first, 'application_form', pdf));
    expect(dup.kind).toBe('invalid');
    expect(dup.message).toContain('already in this case');
    expect(dup.details.issues).toMatchObject([{ path: 'document.sha256' }]);
    expect(await h.cases.history(first)).toEqual(before);
    const second = await submitted('mshe');
    const again = await upload(second, 'application_form', pdf);
    expect(again.verdict.accepted).toBe(true);
  });

  test('the same bytes uploaded twice at once are taken once', async () => {
    const caseId = await submitted('self_funded');
    const scan = makeJpeg(1500, 1100);
    const results = await Promise.allSettled([
      upload(caseId, 'passport_scan', scan),
      upload(caseId, 'passport_scan', scan),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toMatch(/already in this case|being checked for this case already/);
    expect((await h.cases.get(caseId)).context.documents).toHaveLength(1);
  });

  test('a kind the track does not ask for is refused with the checklist named', async () => {
    const caseId = await submitted('self_funded');
    const before = await h.cases.history(caseId);
    const err = await refusal(upload(caseId, 'medical_certificate_072u', await makeTextPdf(['072/u form'])));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain('not on the self_funded checklist');
    expect(err.details.issues).toMatchObject([{ path: 'document.kind' }]);
    expect(await h.cases.history(caseId)).toEqual(before);
  });

  test('nothing can be uploaded before the application is submitted, nor by finance', async () => {
    const caseId = await opened('erasmus');
    expect((await refusal(upload(caseId, 'transcript', await documentBytes('transcript')))).kind).toBe(
      'conflict',
    );
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: students.get(caseId)! });
    const err = await refusal(
      h.cases.upload(
        caseId,
        { kind: 'transcript', actor: as.finance, fileName: 't.pdf' },
        await documentBytes('transcript'),
      ),
    );
    expect(err.kind).toBe('forbidden');
  });
});
