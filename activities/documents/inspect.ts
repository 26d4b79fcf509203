import { crc32 } from 'node:zlib';
import { PDFDict, PDFName, PDFNumber, PDFDocument, PDFRawStream } from 'pdf-lib';
import type { DocumentRule, MediaType } from '../../domain/document';
import { DecompressionBombError, extractPageText, inflateLimited } from './pdf-text';

export { checkEnglishText, checkIelts, readIeltsFromText } from './rules';

/** What the bytes are. Refusals name what was found, so the message can say it. */
export type Sniffed =
  | { ok: true; mediaType: MediaType; label: string }
  | { ok: false; code: 'empty' | 'executable' | 'archive' | 'unsupported_type'; label: string };

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const REFUSED: { sig: number[]; code: 'executable' | 'archive' | 'unsupported_type'; label: string }[] = [
  { sig: [0x7f, 0x45, 0x4c, 0x46], code: 'executable', label: 'a Linux executable (ELF)' },
  { sig: ascii('MZ'), code: 'executable', label: 'a Windows executable (MZ/PE)' },
  { sig: [0xfe, 0xed, 0xfa, 0xce], code: 'executable', label: 'a macOS executable (Mach-O)' },
  { sig: [0xfe, 0xed, 0xfa, 0xcf], code: 'executable', label: 'a macOS executable (Mach-O)' },
  { sig: [0xce, 0xfa, 0xed, 0xfe], code: 'executable', label: 'a macOS executable (Mach-O)' },
  { sig: [0xcf, 0xfa, 0xed, 0xfe], code: 'executable', label: 'a macOS executable (Mach-O)' },
  { sig: [0xca, 0xfe, 0xba, 0xbe], code: 'executable', label: 'a macOS universal binary or Java class' },
  { sig: ascii('#!'), code: 'executable', label: 'a script (#!)' },
  { sig: ascii('PK\x03\x04'), code: 'archive', label: 'a ZIP archive (or a .docx/.xlsx file, which is one)' },
  { sig: ascii('PK\x05\x06'), code: 'archive', label: 'an empty ZIP archive' },
  { sig: [0x1f, 0x8b], code: 'archive', label: 'a gzip archive' },
  { sig: ascii('Rar!\x1a\x07'), code: 'archive', label: 'a RAR archive' },
  { sig: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], code: 'archive', label: 'a 7-Zip archive' },
  {
    sig: [0xd0, 0xcf, 0x11, 0xe0],
    code: 'unsupported_type',
    label: 'an old Microsoft Office file (.doc/.xls)',
  },
  { sig: ascii('GIF8'), code: 'unsupported_type', label: 'a GIF image' },
  { sig: ascii('II*\0'), code: 'unsupported_type', label: 'a TIFF image' },
  { sig: ascii('MM\0*'), code: 'unsupported_type', label: 'a TIFF image' },
];

/** The media type from the magic bytes: PDF, JPEG and PNG are accepted, anything else is named and refused. */
export function sniffMediaType(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { ok: false, code: 'empty', label: 'an empty file' };
  if (startsWith(bytes, [0x89, ...ascii('PNG\r\n\x1a\n')]))
    return { ok: true, mediaType: 'image/png', label: 'a PNG image' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { ok: true, mediaType: 'image/jpeg', label: 'a JPEG image' };
  for (const r of REFUSED) if (startsWith(bytes, r.sig)) return { ok: false, code: r.code, label: r.label };
  // The PDF header may follow up to 1024 bytes of junk (PDF 1.7, annex H).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return { ok: true, mediaType: 'application/pdf', label: 'a PDF document' };
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP')
    return { ok: false, code: 'unsupported_type', label: 'a WebP image' };
  return { ok: false, code: 'unsupported_type', label: 'a file that is not a PDF, JPEG or PNG' };
}

export type Failed = { ok: false; rule: DocumentRule; message: string };
export type ImageInfo = { ok: true; width: number; height: number };

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Width and height from the PNG IHDR chunk or the JPEG SOF marker, without decoding pixels.
 * A declared size above `maxPixels` is a decompression bomb and is refused before anything decodes it.
 */
export function inspectImage(bytes: Uint8Array, mediaType: MediaType, maxPixels: number): ImageInfo | Failed {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = mediaType === 'image/png' ? pngSize(b) : mediaType === 'image/jpeg' ? jpegSize(b) : undefined;
  if (typeof dims === 'string' || !dims) {
    return { ok: false, rule: 'image_readable', message: `the image is corrupt: ${dims ?? 'not an image'}` };
  }
  const [width, height] = dims;
  if (width === 0 || height === 0) {
    return {
      ok: false,
      rule: 'image_readable',
      message: `the image is corrupt: it declares ${width}x${height} pixels`,
    };
  }
  if (width * height > maxPixels) {
    const message = `the image declares ${width}x${height} pixels (${width * height}), above the limit of ${maxPixels}: refused as a decompression bomb`;
    return { ok: false, rule: 'decompression', message };
  }
  return { ok: true, width, height };
}

function pngSize(b: Buffer): [number, number] | string {
  let at = 8;
  let size: [number, number] | undefined;
  for (let chunks = 0; at + 12 <= b.length && chunks < 100_000; chunks++) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > b.length) return `the ${type} chunk is cut off (truncated file)`;
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length))
      return `bad checksum in the ${type} chunk`;
    if (chunks === 0 && (type !== 'IHDR' || length !== 13))
      return 'the PNG does not start with an IHDR header';
    if (type === 'IHDR') size = [b.readUInt32BE(at + 8), b.readUInt32BE(at + 12)];
    if (type === 'IEND') return size ?? 'no IHDR header';
    at += 12 + length;
  }
  return 'no IEND chunk (truncated file)';
}

function jpegSize(b: Buffer): [number, number] | string {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return `no marker at byte ${at}`;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > b.length) return 'a segment is cut off (truncated file)';
    if (SOF.has(marker)) {
      if (length < 7) return 'the frame header is too short';
      return [b.readUInt16BE(at + 7), b.readUInt16BE(at + 5)];
    }
    if (marker === 0xda || marker === 0xd9) return 'no frame header before the image data';
    at += 2 + length;
  }
  return 'no frame header (truncated file)';
}

/**
 * Refuses PDFs whose compressed streams expand beyond `maxDecodedBytes` in total. Scans the raw bytes,
 * before any parser inflates object streams, and inflates each zlib stream with a hard output cap.
 */
export function scanPdfStreams(bytes: Uint8Array, maxDecodedBytes: number): Failed | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let remaining = maxDecodedBytes;
  for (let at = b.indexOf('stream'); at >= 0; at = b.indexOf('stream', at + 6)) {
    if (b[at - 1] === 0x64 /* endstream */) continue;
    let start = at + 6;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    if (b[start] !== 0x78 || (b[start]! * 256 + b[start + 1]!) % 31 !== 0) continue; // not zlib
    const end = b.indexOf('endstream', start);
    try {
      remaining -= inflateLimited(b.subarray(start, end < 0 ? b.length : end), remaining + 1).length;
    } catch (err) {
      if (err instanceof DecompressionBombError) remaining = -1;
      // other zlib errors: a damaged stream, left to the parser to judge
    }
    if (remaining < 0) {
      const message = `compressed streams in the PDF expand beyond ${maxDecodedBytes} bytes: refused as a decompression bomb`;
      return { ok: false, rule: 'decompression', message };
    }
  }
  return undefined;
}

export type PdfInfo = {
  ok: true;
  pages: number;
  /** Extracted text; empty for a scan without a text layer. */
  text: string;
  /** Size of the largest image on any page (for scans), if any. */
  largestImage?: { width: number; height: number };
};

const ENCRYPT_IN_TRAILER = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/;

/** Parses a PDF and reads what the checks need; refuses encrypted, corrupt and bomb PDFs. */
export async function inspectPdf(bytes: Uint8Array, maxDecodedBytes: number): Promise<PdfInfo | Failed> {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  const encrypted = { ok: false as const, rule: 'pdf_not_encrypted' as const };
  const encryptedMessage = 'the PDF is encrypted or password-protected: upload it without a password';
  if (ENCRYPT_IN_TRAILER.test(tail)) return { ...encrypted, message: encryptedMessage };
  if (!tail.includes('%%EOF')) {
    return {
      ok: false,
      rule: 'pdf_readable',
      message: 'the PDF is truncated (no %%EOF end marker): upload it again',
    };
  }
  const bomb = scanPdfStreams(bytes, maxDecodedBytes);
  if (bomb) return bomb;
  let doc: PDFDocument;
  try {
    // pdf-lib's EncryptedPDFError fails `instanceof` (ES5 build), so load anyway and ask.
    doc = await PDFDocument.load(bytes, {
      updateMetadata: false,
      throwOnInvalidObject: true,
      ignoreEncryption: true,
    });
  } catch (err) {
    return { ok: false, rule: 'pdf_readable', message: `the PDF is corrupt: ${(err as Error).message}` };
  }
  if (doc.isEncrypted) return { ...encrypted, message: encryptedMessage };
  try {
    const pages = doc.getPages();
    if (pages.length === 0) return { ok: false, rule: 'pdf_readable', message: 'the PDF has no pages' };
    let largestImage: PdfInfo['largestImage'];
    for (const page of pages) {
      const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
      for (const ref of xobjects?.values() ?? []) {
        const x = doc.context.lookup(ref);
        if (!(x instanceof PDFRawStream) || x.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image'))
          continue;
        const [w, h] = ['Width', 'Height'].map(
          (k) => x.dict.lookupMaybe(PDFName.of(k), PDFNumber)?.asNumber() ?? 0,
        );
        if (!largestImage || w! * h! > largestImage.width * largestImage.height)
          largestImage = { width: w!, height: h! };
      }
    }
    const text = pages.map((p) => extractPageText(doc, p, maxDecodedBytes)).join('\n');
    return { ok: true, pages: pages.length, text, largestImage };
  } catch (err) {
    return { ok: false, rule: 'pdf_readable', message: `the PDF is corrupt: ${(err as Error).message}` };
  }
}
