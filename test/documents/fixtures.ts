import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { AesGcmPayloadCodec } from '../../app/codec';
import { codecSealer } from '../../app/document-storage';

/** Real files for the document checks, made here rather than shipped. */

export async function makeTextPdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 11, font }));
  return doc.save();
}

export const ENGLISH_TRANSCRIPT = [
  'Kazakh-British Technical University',
  'Official Transcript of Records',
  'Student: Aigerim Nurlanova    Program: Information Systems',
  'Semester 1 (Fall 2023)',
  'Course               Credits   Grade',
  'Calculus I               5       A-',
  'Academic English         5       B+',
  'Semester GPA: 3.45   Cumulative GPA: 3.45',
];

export const RUSSIAN_TRANSCRIPT = [
  'Казахстанско-Британский технический университет',
  'Транскрипт успеваемости студента',
  'Семестр 1. Дисциплина, кредиты, оценка',
  'Математический анализ I — 5 кредитов — A-',
  'Академический английский — 5 кредитов — B+',
];

/**
 * A PDF as a word processor writes non-Latin text: a Type0 font with Identity-H two-byte codes and
 * a ToUnicode CMap. (Glyphs are not embedded: the checks read text, they do not render.)
 */
export async function makeUnicodePdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const chars = [...new Set(lines.join(''))];
  const code = (ch: string) => (chars.indexOf(ch) + 1).toString(16).padStart(4, '0').toUpperCase();
  const utf16 = (ch: string) => Buffer.from(ch, 'utf16le').swap16().toString('hex').toUpperCase();
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map((ch) => `<${code(ch)}> <${utf16(ch)}>`),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const ctx = doc.context;
  const descendant = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'DejaVuSans',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    }),
  );
  const font = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'DejaVuSans',
      Encoding: 'Identity-H',
      DescendantFonts: [descendant],
      ToUnicode: ctx.register(ctx.flateStream(cmap)),
    }),
  );
  page.node.setFontDictionary(PDFName.of('F1'), font);
  const text = lines.map((l, i) => `BT /F1 11 Tf 50 ${780 - i * 18} Td <${[...l].map(code).join('')}> Tj ET`);
  page.node.addContentStream(ctx.register(ctx.flateStream(text.join('\n'))));
  return doc.save();
}

/** A PDF holding one scanned (PNG) image of the given size, as a passport scan saved to PDF. */
export async function makeImagePdf(width: number, height: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(makePng(width, height));
  doc.addPage([595, 842]).drawImage(image, { x: 20, y: 20, width: 400, height: 280 });
  return doc.save();
}

/** A PDF whose one content stream inflates to `decodedBytes` zero bytes: a decompression bomb. */
export async function makePdfBomb(decodedBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const stream = doc.context.stream(deflateSync(Buffer.alloc(decodedBytes), { level: 9 }), {
    Filter: 'FlateDecode',
  });
  page.node.addContentStream(doc.context.register(stream));
  return doc.save();
}

/** A minimal PDF written by hand, with an /Encrypt dictionary in its trailer (RC4, 40-bit). */
export function makeEncryptedPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /P -44 /O <${'a1'.repeat(32)}> /U <${'b2'.repeat(32)}> >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const id = '0123456789abcdef0123456789abcdef';
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id}> <${id}>] >>\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * A grey PNG written by hand: signature, IHDR, IDAT (zlib scanlines), IEND. With `declareOnly`,
 * the IDAT holds one scanline whatever the declared size: how a decompression bomb looks at the header.
 */
export function makePng(width: number, height: number, opts: { declareOnly?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter, no interlace
  const rows = opts.declareOnly ? 1 : height;
  const pixels = Buffer.alloc(rows * (Math.min(width, opts.declareOnly ? 1 : width) + 1), 0x80);
  for (let r = 0; r < rows; r++) pixels[r * (pixels.length / rows)] = 0; // filter byte: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG header (SOI, APP0 JFIF, SOF0 with the size, DHT-less SOS, EOI). */
export function makeJpeg(width: number, height: number): Buffer {
  const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
  return Buffer.from([
    0xff, 0xd8,
    0xff, 0xe0, ...u16(16), ...Buffer.from('JFIF\0'), 1, 1, 0, ...u16(72), ...u16(72), 0, 0,
    0xff, 0xc0, ...u16(17), 8, ...u16(height), ...u16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    0xff, 0xda, ...u16(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0,
    0x12, 0x34, 0x56, 0x78,
    0xff, 0xd9,
  ]); // prettier-ignore
}

/** A real ZIP archive with one deflated entry (a big one makes a zip bomb). */
export function makeZip(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  const entry = Buffer.concat([local, Buffer.from(name), data]);
  const dir = Buffer.concat([central, Buffer.from(name)]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(entry.length, 16);
  return Buffer.concat([entry, dir, end]);
}

export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
export const WINDOWS_EXE = Buffer.concat([
  Buffer.from('MZ\x90\0', 'latin1'),
  Buffer.alloc(60),
  Buffer.from('PE\0\0'),
]);
export const MACH_O = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), Buffer.alloc(24)]);
export const SHELL_SCRIPT = Buffer.from('#!/bin/sh\nrm -rf "$HOME"\n');

/** The document store's sealer under one fixed test key, as tests of a real store use it. */
export const testSealer = () =>
  codecSealer(new AesGcmPayloadCodec({ activeKeyId: 'k1', keys: new Map([['k1', new Uint8Array(32)]]) }));
