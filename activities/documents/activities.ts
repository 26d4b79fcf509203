import { ApplicationFailure } from '@temporalio/activity';
import type { Actor } from '../../domain/actor';
import {
  CheckDocumentRequest,
  DEFAULT_DOCUMENT_LIMITS,
  maxBytesFor,
  mediaTypesFor,
  StoredDocument,
  type DocumentKind,
  type DocumentLimits,
  type DocumentVerdict,
  type MediaType,
  type RuleResult,
  type UploadRefusal,
} from '../../domain/document';
import { inspectImage, inspectPdf, scanPdfStreams, sniffMediaType } from './inspect';
import { checkEnglishText, checkIelts, readIeltsFromText } from './rules';
import { sha256Hex, type DocumentStore } from '../../stores/documents';

export interface DocumentDeps {
  store: DocumentStore;
  limits?: DocumentLimits;
}

export interface StoreDocumentRequest {
  bytes: Uint8Array;
  kind: DocumentKind;
  originalName: string;
  uploadedBy: Actor;
  uploadedAt: string;
}

export type StoreDocumentResult =
  { ok: true; document: StoredDocument; alreadyStored: boolean } | { ok: false; refusal: UploadRefusal };

const MEDIA_LABEL: Record<MediaType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
const kindLabel = (kind: DocumentKind) => kind.replace(/_/g, ' ');

/** The file name as shown to people: no folders, no control characters, at most 255 characters. */
export function safeName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 255) || 'document';
}

function sizeRule(size: number, kind: DocumentKind, limits: DocumentLimits): RuleResult {
  const max = maxBytesFor(limits, kind);
  return size <= max
    ? { rule: 'size', passed: true, message: `${size} bytes (limit ${max})` }
    : {
        rule: 'size',
        passed: false,
        message: `the file is ${size} bytes; the limit for a ${kindLabel(kind)} is ${max} bytes`,
      };
}

/** The media-type rule; `mediaType` is set only when the type is accepted for the kind. */
function typeRule(
  bytes: Uint8Array,
  kind: DocumentKind,
  limits: DocumentLimits,
): { result: RuleResult; mediaType?: MediaType; code?: UploadRefusal['code'] } {
  const rule = 'media_type' as const;
  const sniffed = sniffMediaType(bytes);
  if (!sniffed.ok) {
    const message =
      sniffed.code === 'empty'
        ? 'the file is empty'
        : `the file is ${sniffed.label}: only PDF, JPEG and PNG files are accepted`;
    return { result: { rule, passed: false, message }, code: sniffed.code };
  }
  const allowed = mediaTypesFor(limits, kind);
  if (!allowed.includes(sniffed.mediaType)) {
    const message = `a ${kindLabel(kind)} must be ${allowed.map((t) => MEDIA_LABEL[t]).join(' or ')}; this file is ${sniffed.label}`;
    return { result: { rule, passed: false, message }, code: 'type_not_allowed' };
  }
  const message = `${sniffed.label} (${sniffed.mediaType})`;
  return { result: { rule, passed: true, message }, mediaType: sniffed.mediaType };
}

export function createDocumentActivities({
  store,
  limits: defaults = DEFAULT_DOCUMENT_LIMITS,
}: DocumentDeps) {
  const limits = defaults;
  /**
   * Refuses empty, oversized, mistyped, executable, archive and bomb uploads with a clear
   * message and stores nothing; otherwise stores the bytes (once) and returns the case's metadata.
   * For the API to call directly: the bytes never enter workflow history.
   */
  async function storeDocument(req: StoreDocumentRequest): Promise<StoreDocumentResult> {
    const name = safeName(req.originalName);
    const refuse = (code: UploadRefusal['code'], message: string): StoreDocumentResult => ({
      ok: false,
      refusal: { code, message: `${name}: ${message}` },
    });
    const { bytes, kind } = req;
    if (bytes.length === 0) return refuse('empty', 'the file is empty');
    const size = sizeRule(bytes.length, kind, limits);
    if (!size.passed) return refuse('too_large', size.message);
    const { result: type, mediaType, code } = typeRule(bytes, kind, limits);
    if (!mediaType) return refuse(code ?? 'unsupported_type', type.message);
    const bomb =
      mediaType === 'application/pdf'
        ? scanPdfStreams(bytes, limits.maxDecodedBytes)
        : inspectImage(bytes, mediaType, limits.maxImagePixels);
    if (bomb && !bomb.ok && bomb.rule === 'decompression') return refuse('decompression_bomb', bomb.message);
    const sha256 = sha256Hex(bytes);
    // Validated before anything is written: a malformed request (actor, time) is the caller's error.
    const document = StoredDocument.parse({
      sha256,
      size: bytes.length,
      mediaType,
      kind,
      originalName: name,
      uploadedBy: { id: req.uploadedBy.id, role: req.uploadedBy.role },
      uploadedAt: req.uploadedAt,
    });
    const put = await store.put(bytes);
    return { ok: true, document, alreadyStored: put.alreadyStored };
  }

  /**
   * Inspects the stored bytes and gives a verdict per rule, under the request's limits (a case's pinned
   * policy) or the worker's. Deterministic: the same bytes, kind, entries and limits give the same
   * verdict. Refusals are verdicts, not errors; only a hash that is not in the store fails
   * (non-retryable DocumentNotFound).
   */
  async function checkDocument(input: CheckDocumentRequest): Promise<DocumentVerdict> {
    const parsed = CheckDocumentRequest.safeParse(input);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(
        `invalid document check: ${parsed.error.message}`,
        'InvalidRequest',
      );
    }
    const req = parsed.data;
    // A case checks with the limits of the policy it pinned; a bare request with the worker's.
    const use = req.limits ?? limits;
    const bytes = await store.get(req.sha256);
    if (!bytes)
      throw ApplicationFailure.nonRetryable(`document ${req.sha256} is not in the store`, 'DocumentNotFound');
    const reasons: RuleResult[] = [];
    const verdict = (): DocumentVerdict => ({
      sha256: req.sha256,
      kind: req.kind,
      accepted: reasons.every((r) => r.passed),
      reasons,
      checkedWith: use.version,
    });

    const { result: type, mediaType } = typeRule(bytes, req.kind, use);
    const size = sizeRule(bytes.length, req.kind, use);
    reasons.push(type, size);
    if (!mediaType || !size.passed) return verdict();

    let text = '';
    let dims: { width: number; height: number } | undefined;
    if (mediaType === 'application/pdf') {
      const pdf = await inspectPdf(bytes, use.maxDecodedBytes);
      if (!pdf.ok) return (reasons.push({ rule: pdf.rule, passed: false, message: pdf.message }), verdict());
      reasons.push({
        rule: 'pdf_readable',
        passed: true,
        message: `PDF with ${pdf.pages} page(s), not encrypted`,
      });
      text = pdf.text;
      dims = pdf.largestImage;
    } else {
      const image = inspectImage(bytes, mediaType, use.maxImagePixels);
      if (!image.ok)
        return (reasons.push({ rule: image.rule, passed: false, message: image.message }), verdict());
      reasons.push({
        rule: 'image_readable',
        passed: true,
        message: `${image.width}x${image.height} pixels`,
      });
      dims = image;
    }

    if (req.kind === 'passport_scan') reasons.push(resolutionRule(dims, use.passportScan));
    if (req.kind === 'transcript')
      reasons.push(checkEnglishText(text, use.english, req.englishConfirmedByStaff));
    if (req.kind === 'ielts_certificate') {
      const read = readIeltsFromText(text);
      const score = req.ieltsScore ?? read.score;
      const testDate = req.ieltsTestDate ?? read.testDate;
      reasons.push(...checkIelts({ score, testDate, applicationDate: req.applicationDate }, use.ielts));
      if (score !== undefined && testDate !== undefined) return { ...verdict(), ielts: { score, testDate } };
    }
    return verdict();
  }

  return { storeDocument, checkDocument };
}

function resolutionRule(
  dims: { width: number; height: number } | undefined,
  min: DocumentLimits['passportScan'],
): RuleResult {
  const rule = 'image_resolution' as const;
  const need = `${min.minWidth}x${min.minHeight}`;
  if (!dims)
    return {
      rule,
      passed: false,
      message: `the PDF holds no scanned image: a passport scan of at least ${need} pixels is needed`,
    };
  const { width: w, height: h } = dims;
  // A scan may be landscape or portrait: either orientation that reaches the minimum passes.
  const fits = (w >= min.minWidth && h >= min.minHeight) || (h >= min.minWidth && w >= min.minHeight);
  return fits
    ? { rule, passed: true, message: `${w}x${h} pixels (at least ${need})` }
    : {
        rule,
        passed: false,
        message: `the scan is ${w}x${h} pixels, below the ${need} needed for a high-quality passport scan`,
      };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;
