import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { createDocumentActivities, type StoreDocumentRequest } from '../../activities/documents/activities';
import { sql } from 'kysely';
import { createDocumentStore, sha256Hex } from '../../stores/documents';
import { FileSystemBlobStore } from '../../stores/blobs';
import { openDatabase, type OpenDatabase } from '../../app/embedded/database';
import { DocumentLimits, DocumentVerdict, type DocumentKind } from '../../domain/document';
import * as f from './fixtures';

let dir: string;
let docs: ReturnType<typeof createDocumentActivities>;
const limits = DocumentLimits.parse({ maxBytes: { other: 4096 }, maxDecodedBytes: 16 * 1024 * 1024 });

let database: OpenDatabase;
let databaseDir: string;
const sealer = f.testSealer();
beforeAll(async () => {
  databaseDir = await mkdtemp(join(tmpdir(), 'documents-db-'));
  database = await openDatabase({ dataDir: databaseDir });
});
afterAll(async () => {
  await database.close();
  await rm(databaseDir, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'documents-'));
  await sql`TRUNCATE documents`.execute(database.db);
  const store = createDocumentStore({ db: database.db, blobs: new FileSystemBlobStore(dir), sealer });
  docs = createDocumentActivities({ store, limits });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function storedFiles(): Promise<string[]> {
  const folders = await readdir(dir);
  return (await Promise.all(folders.map((d) => readdir(join(dir, d))))).flat();
}

const upload = (bytes: Uint8Array, kind: DocumentKind, originalName = 'upload.pdf', extra = {}) =>
  docs.storeDocument({
    bytes,
    kind,
    originalName,
    uploadedBy: { id: 'aigerim', role: 'student' },
    uploadedAt: '2025-09-05T10:00:00.000Z',
    ...extra,
  } satisfies StoreDocumentRequest);

describe('storeDocument refuses bad uploads and stores nothing', () => {
  it.each([
    ['an empty file', () => Buffer.alloc(0), 'transcript', 'empty', /transcript\.pdf: the file is empty/],
    [
      'an ELF executable named .pdf',
      () => f.ELF,
      'transcript',
      'executable',
      /Linux executable.*only PDF, JPEG and PNG/,
    ],
    [
      'a Windows executable named .pdf',
      () => f.WINDOWS_EXE,
      'passport_scan',
      'executable',
      /Windows executable/,
    ],
    ['a shell script named .pdf', () => f.SHELL_SCRIPT, 'other', 'executable', /script/],
    [
      'a zip named .pdf',
      () => f.makeZip('a.txt', Buffer.from('hello')),
      'transcript',
      'archive',
      /ZIP archive/,
    ],
    [
      'a zip bomb named .pdf',
      () => f.makeZip('zeros', Buffer.alloc(64 << 20)),
      'transcript',
      'archive',
      /ZIP/,
    ],
    [
      'a PNG for a transcript',
      () => f.makePng(1200, 900),
      'transcript',
      'type_not_allowed',
      /transcript must be PDF; this file is a PNG/,
    ],
    [
      'a PNG bomb',
      () => f.makePng(100_000, 100_000, { declareOnly: true }),
      'passport_scan',
      'decompression_bomb',
      /decompression bomb/,
    ],
    ['a PDF bomb', () => f.makePdfBomb(32 << 20), 'transcript', 'decompression_bomb', /decompression bomb/],
  ] as const)('%s', async (_name, make, kind, code, message) => {
    const result = await upload(await make(), kind, 'transcript.pdf');
    expect(result).toMatchObject({ ok: false, refusal: { code } });
    expect(!result.ok && result.refusal.message).toMatch(message);
    expect(await storedFiles()).toEqual([]);
  });

  it.each([
    [4096, true],
    [4097, false],
  ])('a %i-byte file against a 4096-byte limit: stored %s', async (size, ok) => {
    const png = f.makePng(8, 8);
    const bytes = Buffer.concat([png, Buffer.alloc(size - png.length)]); // trailing bytes after IEND
    const result = await upload(bytes, 'other');
    expect(result.ok).toBe(ok);
    if (!result.ok)
      expect(result.refusal).toEqual({
        code: 'too_large',
        message: expect.stringMatching(/4097 bytes; the limit for a other is 4096/),
      });
  });

  // Whether a case already holds these bytes is the case machine's rule (documentIsNew), asked before
  // anything is stored; the store itself only keeps each content once.
  it('stores the same bytes once, however often they are uploaded', async () => {
    const pdf = await f.makeTextPdf(f.ENGLISH_TRANSCRIPT);
    const first = await upload(pdf, 'transcript', 'C:\\Users\\aigerim\\transcript.pdf');
    expect(first).toMatchObject({
      ok: true,
      alreadyStored: false,
      document: { originalName: 'transcript.pdf' },
    });
    const sha = sha256Hex(pdf);
    expect(await upload(pdf, 'transcript', 'other-case.pdf')).toMatchObject({
      ok: true,
      alreadyStored: true,
    });
    expect(await storedFiles()).toEqual([sha]);
  });

  it('returns the metadata the case keeps', async () => {
    const result = await upload(f.makeJpeg(1600, 1100), 'passport_scan', 'passport.jpg');
    expect(result.ok && result.document).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      size: expect.any(Number),
      mediaType: 'image/jpeg',
      kind: 'passport_scan',
      originalName: 'passport.jpg',
      uploadedBy: { id: 'aigerim', role: 'student' },
      uploadedAt: '2025-09-05T10:00:00.000Z',
    });
  });
});

describe('checkDocument gives a verdict per document', () => {
  async function check(bytes: Uint8Array, kind: DocumentKind, extra = {}) {
    const stored = await upload(bytes, kind);
    if (!stored.ok) throw new Error(stored.refusal.message);
    const verdict = await docs.checkDocument({
      sha256: stored.document.sha256,
      kind,
      track: 'mshe',
      applicationDate: '2025-09-10',
      ...extra,
    });
    expect(DocumentVerdict.parse(verdict)).toEqual(verdict);
    return verdict;
  }
  const failed = (v: DocumentVerdict) =>
    v.reasons.filter((r) => !r.passed).map((r) => `${r.rule}: ${r.message}`);

  it('accepts an English transcript', async () => {
    const verdict = await check(await f.makeTextPdf(f.ENGLISH_TRANSCRIPT), 'transcript');
    expect(verdict).toMatchObject({ accepted: true, checkedWith: '2022-2023.1' });
    expect(verdict.reasons.map((r) => r.rule)).toEqual([
      'media_type',
      'size',
      'pdf_readable',
      'english_text',
    ]);
  });

  it('refuses a Russian-only transcript, saying why', async () => {
    const verdict = await check(await f.makeUnicodePdf(f.RUSSIAN_TRANSCRIPT), 'transcript');
    expect(verdict.accepted).toBe(false);
    expect(failed(verdict)).toEqual([
      expect.stringMatching(/^english_text: the transcript is mostly in Cyrillic/),
    ]);
  });

  it.each([
    ['an encrypted PDF', () => f.makeEncryptedPdf(), /^pdf_not_encrypted: the PDF is encrypted/],
    [
      'a truncated PDF',
      async () => (await f.makeTextPdf(f.ENGLISH_TRANSCRIPT)).subarray(0, 500),
      /^pdf_readable: the PDF is truncated/,
    ],
  ])('refuses %s', async (_name, make, reason) => {
    expect(failed(await check(await make(), 'transcript'))).toEqual([expect.stringMatching(reason)]);
  });

  it.each([
    ['PNG exactly at the minimum', () => f.makePng(1000, 700), true],
    ['PNG one pixel too narrow', () => f.makePng(999, 700), false],
    ['PNG one pixel too low', () => f.makePng(1000, 699), false],
    ['portrait PNG at the minimum', () => f.makePng(700, 1000), true],
    ['JPEG at 300 dpi', () => f.makeJpeg(1476, 1039), true],
    ['small JPEG', () => f.makeJpeg(640, 480), false],
    ['PDF holding a large scan', () => f.makeImagePdf(1500, 1050), true],
    ['PDF holding a small scan', () => f.makeImagePdf(800, 560), false],
    ['PDF with text and no scan', () => f.makeTextPdf(['Passport']), false],
  ])('passport scan: %s -> accepted %s', async (_name, make, accepted) => {
    const verdict = await check(await make(), 'passport_scan');
    expect(verdict.accepted).toBe(accepted);
    expect(verdict.reasons.at(-1)!.rule).toBe('image_resolution');
  });

  it.each([
    [5.0, '2024-05-01', false],
    [5.5, '2024-05-01', true],
    [6.5, '2023-09-10', true],
    [6.5, '2023-09-09', false],
  ])('IELTS %d taken %s entered by staff -> accepted %s', async (ieltsScore, ieltsTestDate, accepted) => {
    const verdict = await check(f.makeJpeg(1200, 1700), 'ielts_certificate', { ieltsScore, ieltsTestDate });
    expect(verdict.accepted).toBe(accepted);
  });

  it('reads the IELTS result from the document when staff entered none', async () => {
    const trf = await f.makeTextPdf([
      'IELTS Test Report Form',
      'Test Date 12/MAR/2024',
      'Overall Band Score 6.5',
    ]);
    const verdict = await check(trf, 'ielts_certificate');
    expect(verdict.accepted).toBe(true);
    expect(verdict.reasons.at(-1)!.message).toMatch(/taken 2024-03-12, valid until 2026-03-12/);
  });

  it('prefers what staff entered over what the document says', async () => {
    const trf = await f.makeTextPdf(['Test Date 12/MAR/2024', 'Overall Band Score 6.5']);
    expect((await check(trf, 'ielts_certificate', { ieltsScore: 5 })).accepted).toBe(false);
  });

  it("checks with the limits the request carries (a case's pinned policy) over the worker's", async () => {
    const scan = f.makeJpeg(1200, 900);
    expect((await check(scan, 'passport_scan')).accepted).toBe(true);
    const stricter = DocumentLimits.parse({ version: '2023-2024.1', passportScan: { minWidth: 2000 } });
    const pinned = await check(scan, 'passport_scan', { limits: stricter });
    expect(pinned).toMatchObject({ accepted: false, checkedWith: '2023-2024.1' });
    expect(failed(pinned)).toEqual([expect.stringContaining('below the 2000x700 needed')]);
  });

  it('gives the same verdict for the same bytes', async () => {
    const pdf = await f.makeTextPdf(f.ENGLISH_TRANSCRIPT);
    expect(await check(pdf, 'transcript')).toEqual(await check(Buffer.from(pdf), 'transcript'));
  });

  it('fails non-retryably with DocumentNotFound for a hash not in the store', async () => {
    const request = {
      sha256: 'a'.repeat(64),
      kind: 'transcript',
      track: 'mshe',
      applicationDate: '2025-09-10',
    } as const;
    const error = await docs.checkDocument(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'DocumentNotFound', nonRetryable: true });
  });

  it('fails non-retryably on a malformed request', async () => {
    const request = {
      sha256: 'nope',
      kind: 'transcript',
      track: 'mshe',
      applicationDate: '10.09.2025',
    } as const;
    await expect(docs.checkDocument(request)).rejects.toMatchObject({
      type: 'InvalidRequest',
      nonRetryable: true,
    });
  });
});
