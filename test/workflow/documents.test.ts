import { ELF, makeJpeg, makePdfBomb, makeTextPdf, makeZip } from '../documents/fixtures';
import { as } from '../helpers/fixtures';
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

async function submitted(track: 'self_funded' | 'mshe' | 'erasmus'): Promise<string> {
  const { caseId } = await h.cases.open(await h.applicant(track));
  await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: as.student });
  return caseId;
}

const upload = (caseId: string, kind: string, bytes: Uint8Array, fileName = `${kind}.bin`) =>
  h.cases.upload(caseId, { kind, actor: as.student, fileName }, bytes);

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
    expect(view.states).toContain('eligibilityReview.documents.incomplete');
  });
});

describe('a document is checked, and the case waits until the checklist is complete', () => {
  test('a low-resolution passport scan is refused with the reason; a resubmission is accepted', async () => {
    const caseId = await submitted('self_funded');
    await upload(caseId, 'transcript', await documentBytes('transcript'));
    const low = await upload(caseId, 'passport_scan', makeJpeg(640, 480), 'phone.jpg');
    expect(low.verdict.accepted).toBe(false);
    expect(low.case.checklist?.lines.find((l) => l.id === 'passport_scan')).toMatchObject({
      status: 'refused',
      reasons: [expect.stringContaining('640x480 pixels, below the 1000x700')],
    });
    expect(low.case.states).toContain('eligibilityReview.documents.incomplete');
    const audit = await h.cases.history(caseId);
    expect(audit.at(-1)).toMatchObject({
      event: 'ATTACH_DOCUMENT',
      reason: expect.stringContaining('passport_scan refused'),
    });

    const good = await upload(caseId, 'passport_scan', makeJpeg(1400, 1000), 'scan.jpg');
    expect(good.verdict.accepted).toBe(true);
    expect(good.case.checklist?.complete).toBe(true);
    expect(good.case.states).toContain('eligibilityReview.documents.complete');
    expect(good.case.context.documents).toHaveLength(3);
    const confirmed = await h.cases.act(caseId, { type: 'CONFIRM_ELIGIBILITY', actor: as.di });
    expect(confirmed.stage).toBe('competition');
  });

  test('MSHE: DI confirms the paper folder; until then DI cannot confirm eligibility', async () => {
    const caseId = await submitted('mshe');
    const uploads = applicationDocuments('mshe').filter((s) => 'upload' in s);
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
    expect(folder.checklist?.complete).toBe(true);
    expect(folder.allowedActions.map((a) => a.type)).toContain('CONFIRM_ELIGIBILITY');
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
    expect(dup.message).toContain('already in this case');
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
    const err = await refusal(upload(caseId, 'medical_certificate_072u', await makeTextPdf(['072/u form'])));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain('not on the self_funded checklist');
  });

  test('nothing can be uploaded before the application is submitted, nor by finance', async () => {
    const { caseId } = await h.cases.open(await h.applicant('erasmus'));
    expect((await refusal(upload(caseId, 'transcript', await documentBytes('transcript')))).kind).toBe(
      'conflict',
    );
    await h.cases.act(caseId, { type: 'SUBMIT_APPLICATION', actor: as.student });
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
