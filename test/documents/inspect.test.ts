import { inspectImage, inspectPdf, sniffMediaType } from '../../activities/documents/inspect';
import { parseToUnicode, textOfContent } from '../../activities/documents/pdf-text';
import {
  ELF,
  ENGLISH_TRANSCRIPT,
  MACH_O,
  RUSSIAN_TRANSCRIPT,
  SHELL_SCRIPT,
  WINDOWS_EXE,
  makeEncryptedPdf,
  makeImagePdf,
  makeJpeg,
  makePdfBomb,
  makePng,
  makeTextPdf,
  makeUnicodePdf,
  makeZip,
} from './fixtures';

const MAX_PIXELS = 50_000_000;
const MAX_DECODED = 64 * 1024 * 1024;

describe('sniffMediaType: the type comes from the bytes', () => {
  it.each([
    ['a PDF', () => makeTextPdf(['Transcript']), 'application/pdf'],
    ['a PNG', () => makePng(10, 10), 'image/png'],
    ['a JPEG', () => makeJpeg(10, 10), 'image/jpeg'],
  ])('accepts %s', async (_name, make, mediaType) => {
    expect(sniffMediaType(await make())).toMatchObject({ ok: true, mediaType });
  });

  it.each([
    ['an ELF executable', ELF, 'executable', /Linux executable/],
    ['a Windows executable', WINDOWS_EXE, 'executable', /Windows executable/],
    ['a Mach-O executable', MACH_O, 'executable', /macOS executable/],
    ['a shell script', SHELL_SCRIPT, 'executable', /script/],
    ['a ZIP (or .docx)', makeZip('word/document.xml', Buffer.from('<w:document/>')), 'archive', /ZIP/],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'unsupported_type', /GIF/],
    ['plain text', Buffer.from('Transcript: all A grades'), 'unsupported_type', /not a PDF, JPEG or PNG/],
    ['an empty file', Buffer.alloc(0), 'empty', /empty/],
  ])('refuses %s and names it', (_name, bytes, code, label) => {
    const sniffed = sniffMediaType(bytes);
    expect(sniffed).toMatchObject({ ok: false, code });
    expect(sniffed.label).toMatch(label);
  });
});

describe('inspectImage: dimensions from the headers, bombs refused', () => {
  it.each([
    [1, 1],
    [640, 480],
    [1000, 700],
    [4000, 3000],
  ])('reads a %ix%i PNG and JPEG', (width, height) => {
    expect(inspectImage(makePng(width, height), 'image/png', MAX_PIXELS)).toEqual({
      ok: true,
      width,
      height,
    });
    expect(inspectImage(makeJpeg(width, height), 'image/jpeg', MAX_PIXELS)).toEqual({
      ok: true,
      width,
      height,
    });
  });

  it('refuses a PNG declaring 100000x100000 pixels as a decompression bomb', () => {
    const bomb = makePng(100_000, 100_000, { declareOnly: true });
    expect(bomb.length).toBeLessThan(100);
    const result = inspectImage(bomb, 'image/png', MAX_PIXELS);
    expect(result).toMatchObject({ ok: false, rule: 'decompression' });
    expect(result.ok || result.message).toMatch(/100000x100000 pixels .*decompression bomb/);
  });

  it('refuses a JPEG declaring 65535x65535 pixels', () => {
    expect(inspectImage(makeJpeg(65535, 65535), 'image/jpeg', MAX_PIXELS)).toMatchObject({
      rule: 'decompression',
    });
  });

  it.each([
    ['a truncated PNG', makePng(64, 64).subarray(0, 60), 'image/png' as const, /cut off|IEND/],
    [
      'a PNG with a damaged header',
      Buffer.from(makePng(64, 64)).fill(0xee, 20, 22),
      'image/png' as const,
      /checksum/,
    ],
    ['a PNG declaring 0 pixels', makePng(0, 10), 'image/png' as const, /0x10/],
    [
      'a JPEG without a frame header',
      Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 4, 1, 2, 0xff, 0xd9]),
      'image/jpeg' as const,
      /frame header/,
    ],
    [
      'a JPEG cut in its header',
      makeJpeg(800, 600).subarray(0, 12),
      'image/jpeg' as const,
      /truncated|cut off/,
    ],
  ])('refuses %s as corrupt', (_name, bytes, mediaType, message) => {
    const result = inspectImage(bytes, mediaType, MAX_PIXELS);
    expect(result).toMatchObject({ ok: false, rule: 'image_readable' });
    expect(result.ok || result.message).toMatch(message);
  });
});

describe('inspectPdf', () => {
  it('reads the text of an English transcript made with pdf-lib', async () => {
    const result = await inspectPdf(await makeTextPdf(ENGLISH_TRANSCRIPT), MAX_DECODED);
    expect(result).toMatchObject({ ok: true, pages: 1 });
    expect(result.ok && result.text).toContain('Official Transcript of Records');
  });

  it('reads Cyrillic text through the font ToUnicode map', async () => {
    const result = await inspectPdf(await makeUnicodePdf(RUSSIAN_TRANSCRIPT), MAX_DECODED);
    expect(result.ok && result.text).toContain('Транскрипт успеваемости студента');
  });

  it('finds the size of a scanned image inside a PDF', async () => {
    const result = await inspectPdf(await makeImagePdf(1200, 800), MAX_DECODED);
    expect(result).toMatchObject({ ok: true, text: '', largestImage: { width: 1200, height: 800 } });
  });

  it('refuses an encrypted PDF', async () => {
    const result = await inspectPdf(makeEncryptedPdf(), MAX_DECODED);
    expect(result).toMatchObject({ ok: false, rule: 'pdf_not_encrypted' });
  });

  it('refuses an encrypted PDF even when the trailer is not at the very end', async () => {
    const padded = Buffer.concat([makeEncryptedPdf(), Buffer.from(`%${' '.repeat(2000)}\n%%EOF\n`)]);
    expect(await inspectPdf(padded, MAX_DECODED)).toMatchObject({ ok: false, rule: 'pdf_not_encrypted' });
  });

  it('refuses a truncated PDF', async () => {
    const pdf = await makeTextPdf(ENGLISH_TRANSCRIPT);
    const result = await inspectPdf(pdf.subarray(0, Math.floor(pdf.length / 2)), MAX_DECODED);
    expect(result).toMatchObject({
      ok: false,
      rule: 'pdf_readable',
      message: expect.stringMatching(/truncated/),
    });
  });

  it('refuses a PDF whose body is garbage', async () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251));
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), noise, Buffer.from('\n%%EOF\n')]);
    const result = await inspectPdf(pdf, MAX_DECODED);
    expect(result).toMatchObject({
      ok: false,
      rule: 'pdf_readable',
      message: expect.stringMatching(/corrupt/),
    });
  });

  it('refuses a PDF whose streams expand past the limit', async () => {
    const bomb = await makePdfBomb(8 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await inspectPdf(bomb, 1024 * 1024)).toMatchObject({ ok: false, rule: 'decompression' });
  });
});

describe('content stream text', () => {
  it('follows Tj, TJ with kerning gaps, quotes and escapes', () => {
    const content = Buffer.from(
      "BT /F1 12 Tf (Grade \\(final\\)) Tj 0 -14 Td [(Cre) 20 (dits) -400 (Total)] TJ (next\\051line) ' ET",
      'latin1',
    );
    expect(textOfContent(content, new Map()).split('\n')).toEqual([
      'Grade (final)',
      'Credits Total',
      'next)line',
    ]);
  });

  it('skips marked-content dictionaries and inline images', () => {
    const content = Buffer.from(
      '/Span <</MCID 0>> BDC BT (A) Tj ET EMC BI /W 1 /H 1 ID \x00\xff EI BT (B) Tj ET',
      'latin1',
    );
    expect(textOfContent(content, new Map())).toBe('A\nB');
  });

  it('decodes bfrange and bfchar entries of a ToUnicode CMap', () => {
    const decode = parseToUnicode(
      '1 begincodespacerange <0000> <FFFF> endcodespacerange\n' +
        '1 beginbfrange <0010> <0012> <0410> endbfrange\n' +
        '1 beginbfrange <0020> <0021> [<0044> <0045>] endbfrange\n' +
        '1 beginbfchar <0030> <00660069> endbfchar',
    );
    expect(decode(Buffer.from('0010001100120020002100300099', 'hex'))).toBe('АБВDEfi');
  });
});
