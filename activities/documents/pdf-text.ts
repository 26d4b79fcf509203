import { constants, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from 'pdf-lib';

/**
 * Light text extraction from a parsed PDF, for the language check of transcripts: no rendering,
 * no layout. Reads the page content streams (uncompressed or FlateDecode), follows text-showing
 * operators (Tj, TJ, ', ") and decodes strings through the font's ToUnicode CMap when it has one
 * (what word processors write for Cyrillic and other non-Latin text), else as Latin-1.
 * Streams with other filters are skipped; a scan without a text layer yields no text.
 */

export class DecompressionBombError extends Error {
  constructor(readonly limit: number) {
    super(`compressed streams expand beyond ${limit} bytes`);
    this.name = 'DecompressionBombError';
  }
}

/** Inflates zlib data, refusing to produce more than `limit` bytes. Tolerates a truncated tail. */
export function inflateLimited(data: Uint8Array, limit: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, limit), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new DecompressionBombError(limit);
    throw err;
  }
}

/** The decoded bytes of a stream, or undefined for filters this reader does not decode. */
export function decodeStream(stream: PDFRawStream, limit: number): Buffer | undefined {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const names = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  if (names.length === 0) return Buffer.from(stream.contents);
  if (names.length === 1 && names[0] === PDFName.of('FlateDecode'))
    return inflateLimited(stream.contents, limit);
  return undefined;
}

type Decoder = (bytes: Buffer) => string;
const latin1: Decoder = (b) => b.toString('latin1');

/** Parses the bfchar and bfrange sections of a ToUnicode CMap into a decoder. */
export function parseToUnicode(cmap: string): Decoder {
  const map = new Map<number, string>();
  const hex = (h: string) => parseInt(h, 16);
  const utf16 = (h: string) =>
    Buffer.from(h.length % 2 ? `${h}0` : h, 'hex')
      .swap16()
      .toString('utf16le');
  const codeLength = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap)?.[1]?.length ?? 4;
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g))
      map.set(hex(m[1]!), utf16(m[2]!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const entry = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g;
    for (const m of section[1]!.matchAll(entry)) {
      const [lo, hi] = [hex(m[1]!), Math.min(hex(m[2]!), hex(m[1]!) + 0xffff)];
      const list = m[4] ? [...m[4].matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => utf16(x[1]!)) : undefined;
      const start = m[3] ? hex(m[3]) : 0;
      for (let code = lo; code <= hi; code++) {
        const dst = list ? list[code - lo] : String.fromCodePoint(start + code - lo);
        if (dst !== undefined) map.set(code, dst);
      }
    }
  }
  const width = Math.max(1, Math.floor(codeLength / 2));
  return (bytes) => {
    let out = '';
    for (let i = 0; i + width <= bytes.length; i += width) {
      const code = width === 1 ? bytes[i]! : bytes.readUIntBE(i, width);
      out += map.get(code) ?? '';
    }
    return out;
  };
}

function fontDecoders(doc: PDFDocument, page: PDFPage, limit: number): Map<string, Decoder> {
  const decoders = new Map<string, Decoder>();
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fonts) return decoders;
  for (const [name, ref] of fonts.entries()) {
    const font = doc.context.lookupMaybe(ref, PDFDict);
    const toUnicode = font && doc.context.lookup(font.get(PDFName.of('ToUnicode')));
    const cmap = toUnicode instanceof PDFRawStream ? decodeStream(toUnicode, limit) : undefined;
    decoders.set(name.decodeText(), cmap ? parseToUnicode(cmap.toString('latin1')) : latin1);
  }
  return decoders;
}

function contentStreams(doc: PDFDocument, page: PDFPage): PDFRawStream[] {
  const contents = page.node.Contents();
  const items = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return items
    .map((item) => (item instanceof PDFRef ? doc.context.lookup(item) : item))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream);
}

/** The text of one page, as well as this reader can tell; `limit` bounds each decoded stream. */
export function extractPageText(doc: PDFDocument, page: PDFPage, limit: number): string {
  const decoders = fontDecoders(doc, page, limit);
  const parts: string[] = [];
  for (const stream of contentStreams(doc, page)) {
    const bytes = decodeStream(stream, limit);
    if (bytes) parts.push(textOfContent(bytes, decoders));
  }
  return parts.join('\n');
}

type Token = { kind: 'str'; bytes: Buffer } | { kind: 'name' | 'num'; value: string };

const DELIM = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0;

/** Follows the text operators of one content stream. */
export function textOfContent(content: Buffer, decoders: Map<string, Decoder>): string {
  let decode: Decoder = latin1;
  let out = '';
  let operands: Token[] = [];
  let array: Token[] | undefined;
  let i = 0;
  const n = content.length;
  while (i < n) {
    const c = content[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === 0x25 /* % */) {
      while (i < n && content[i] !== 0x0a && content[i] !== 0x0d) i++;
    } else if (c === 0x28 /* ( */) {
      const [bytes, next] = readLiteral(content, i + 1);
      (array ?? operands).push({ kind: 'str', bytes });
      i = next;
    } else if ((c === 0x3c && content[i + 1] === 0x3c) || (c === 0x3e && content[i + 1] === 0x3e)) {
      i += 2; // << >> dictionaries (marked content) carry no text
    } else if (c === 0x3c /* <hex> */) {
      const end = content.indexOf(0x3e, i);
      const stop = end < 0 ? n : end;
      const digits = content
        .subarray(i + 1, stop)
        .toString('latin1')
        .replace(/[^0-9A-Fa-f]/g, '');
      (array ?? operands).push({
        kind: 'str',
        bytes: Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex'),
      });
      i = stop + 1;
    } else if (c === 0x5b /* [ */) {
      array = [];
      i++;
    } else if (c === 0x5d /* ] */) {
      operands.push(...(array ?? []));
      array = undefined;
      i++;
    } else if (c === 0x2f /* /name */) {
      let j = i + 1;
      while (j < n && !isSpace(content[j]!) && !DELIM.has(content[j]!)) j++;
      operands.push({ kind: 'name', value: content.subarray(i + 1, j).toString('latin1') });
      i = j;
    } else if (DELIM.has(c)) {
      i++; // { } and stray delimiters carry no text
    } else {
      let j = i;
      while (j < n && !isSpace(content[j]!) && !DELIM.has(content[j]!)) j++;
      const word = content.subarray(i, j).toString('latin1');
      i = j;
      if (array) {
        if (/^[-+.\d]/.test(word) && Number(word) < -250) array.push({ kind: 'str', bytes: Buffer.alloc(0) });
        continue;
      }
      if (/^[-+.\d]/.test(word)) {
        operands.push({ kind: 'num', value: word });
        continue;
      }
      if (word === 'Tf') {
        const font = operands.find((t) => t.kind === 'name');
        decode = (font?.kind === 'name' && decoders.get(font.value)) || latin1;
      } else if (word === 'Tj' || word === "'" || word === '"' || word === 'TJ') {
        if (word !== 'Tj') out += '\n';
        for (const t of operands) {
          // An empty string stands for a wide kerning gap inside TJ: a space between words.
          if (t.kind === 'str') out += t.bytes.length ? decode(t.bytes) : ' ';
        }
      } else if (word === 'Td' || word === 'TD' || word === 'T*' || word === 'Tm' || word === 'ET') {
        out += '\n';
      } else if (word === 'BI') {
        const end = content.indexOf('EI', i);
        i = end < 0 ? n : end + 2; // inline image data is binary: skip it
      }
      operands = [];
    }
  }
  return out.replace(/[ \t]*\n[\s]*/g, '\n').trim();
}

function readLiteral(content: Buffer, start: number): [Buffer, number] {
  const bytes: number[] = [];
  let depth = 1;
  let i = start;
  while (i < content.length) {
    const c = content[i++]!;
    if (c === 0x5c /* \ */) {
      const e = content[i++];
      if (e === undefined) break;
      const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
      if (e >= 0x30 && e <= 0x37) {
        let oct = e - 0x30;
        for (let k = 0; k < 2 && content[i]! >= 0x30 && content[i]! <= 0x37; k++)
          oct = oct * 8 + content[i++]! - 0x30;
        bytes.push(oct & 0xff);
      } else if (e === 0x0d || e === 0x0a) {
        if (e === 0x0d && content[i] === 0x0a) i++;
      } else bytes.push(simple[e] ?? e);
    } else if (c === 0x28) {
      depth++;
      bytes.push(c);
    } else if (c === 0x29) {
      if (--depth === 0) break;
      bytes.push(c);
    } else bytes.push(c);
  }
  return [Buffer.from(bytes), i];
}
