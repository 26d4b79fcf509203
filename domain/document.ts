import { z } from 'zod';
import { Actor } from './actor';
import { daysInMonth } from './calendar';
import { FundingTrack } from './case';

const MiB = 1024 * 1024;

/** Every kind of document a case can hold. */
export const DocumentKind = z.enum([
  'application_form',
  'transcript',
  'passport_scan',
  'english_certificate',
  'ielts_certificate',
  'medical_certificate_072u',
  'social_priority',
  'learning_agreement',
  'invitation_letter',
  'partner_transcript',
  'financial_report',
  // Machine version 6: the receipts of an MSHE financial report, one kind per grant category.
  'receipt_flight',
  'receipt_accommodation',
  'receipt_insurance',
  'receipt_visa',
  'other',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** The only media types a case accepts, decided from the bytes, never from the file name. */
export const MediaType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type MediaType = z.infer<typeof MediaType>;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');
export type Sha256 = z.infer<typeof Sha256>;

const isCalendarDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
};

/**
 * A calendar date such as 2025-09-15 (no time, no zone). Not `z.iso.date()`: the workflow bundler
 * resolves that name to `z.date()` (both modules export `date`), which refuses every string.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-09-15')
  .refine(isCalendarDate, 'no such day in the calendar');

/** What a case keeps of an uploaded document: its hash and metadata, never the bytes. */
export const StoredDocument = z
  .object({
    sha256: Sha256,
    size: z.number().int().min(1),
    mediaType: MediaType,
    kind: DocumentKind,
    originalName: z.string().min(1).max(255),
    uploadedBy: Actor,
    uploadedAt: z.iso.datetime(),
  })
  .strict();
export type StoredDocument = z.infer<typeof StoredDocument>;

/** The rules a document check applies; each verdict lists the ones that applied to the document. */
export const DocumentRule = z.enum([
  'media_type',
  'size',
  'decompression',
  'pdf_readable',
  'pdf_not_encrypted',
  'image_readable',
  'image_resolution',
  'english_text',
  'ielts_score',
  'ielts_test_date',
]);
export type DocumentRule = z.infer<typeof DocumentRule>;

export const RuleResult = z.object({ rule: DocumentRule, passed: z.boolean(), message: z.string() });
export type RuleResult = z.infer<typeof RuleResult>;

/** An IELTS band: 0 to 9 in steps of 0.5. */
export const IeltsBand = z
  .number()
  .min(0)
  .max(9)
  .refine((n) => Number.isInteger(n * 2), 'an IELTS band is a whole or half number, e.g. 5.5');

/** The outcome of checking one document: accepted only if every rule passed. Same bytes, same verdict. */
export const DocumentVerdict = z
  .object({
    sha256: Sha256,
    kind: DocumentKind,
    accepted: z.boolean(),
    reasons: z.array(RuleResult),
    checkedWith: z.string().describe('version of the document limits the check used'),
    ielts: z
      .object({ score: IeltsBand, testDate: IsoDate })
      .optional()
      .describe('an IELTS certificate: the band and test date the check used'),
  })
  .strict();
export type DocumentVerdict = z.infer<typeof DocumentVerdict>;

/** Why an upload was refused before anything was stored or recorded in the case. */
export const UploadRefusalCode = z.enum([
  'empty',
  'too_large',
  'executable',
  'archive',
  'unsupported_type',
  'type_not_allowed',
  'decompression_bomb',
]);
export type UploadRefusalCode = z.infer<typeof UploadRefusalCode>;

export const UploadRefusal = z.object({ code: UploadRefusalCode, message: z.string() });
export type UploadRefusal = z.infer<typeof UploadRefusal>;

const Bytes = z.number().int().positive();
const Pixels = z.number().int().positive();

/**
 * Limits and thresholds of the document checks: policy data. The policy file embeds this object;
 * every field has a default, so `DocumentLimits.parse({})` is the default policy.
 */
export const DocumentLimits = z
  .object({
    version: z.string().min(1).default('2022-2023.1'),
    defaultMaxBytes: Bytes.default(10 * MiB).describe('largest upload for a kind without its own limit'),
    maxBytes: z
      .partialRecord(DocumentKind, Bytes)
      .default({ passport_scan: 15 * MiB, financial_report: 25 * MiB, other: 5 * MiB })
      .describe('largest upload per kind, in bytes'),
    mediaTypes: z.array(MediaType).min(1).default(['application/pdf', 'image/jpeg', 'image/png']),
    mediaTypesByKind: z
      .partialRecord(DocumentKind, z.array(MediaType).min(1))
      .default({ transcript: ['application/pdf'], partner_transcript: ['application/pdf'] })
      .describe('media types allowed for a kind, where narrower than mediaTypes'),
    passportScan: z
      .object({
        minWidth: Pixels.default(1000),
        minHeight: Pixels.default(700),
      })
      .strict()
      .prefault({})
      .describe('smallest scan accepted as high quality, in either orientation'),
    maxImagePixels: Pixels.default(50_000_000).describe('declared width x height above this is a bomb'),
    maxDecodedBytes: Bytes.default(256 * MiB).describe('total decompressed stream bytes read from one PDF'),
    english: z
      .object({
        minLetters: z.number().int().min(1).default(40),
        minLatinShare: z.number().min(0).max(1).default(0.7),
        keywords: z
          .array(z.string().min(2))
          .min(1)
          .default(['transcript', 'grade', 'credits', 'course', 'semester', 'gpa', 'university']),
        minKeywords: z.number().int().min(0).default(2),
      })
      .strict()
      .prefault({}),
    ielts: z
      .object({
        minScore: z.number().min(0).max(9).default(5.5),
        validityYears: z.number().int().min(1).max(10).default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type DocumentLimits = z.infer<typeof DocumentLimits>;
export type DocumentLimitsInput = z.input<typeof DocumentLimits>;

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = DocumentLimits.parse({});

export function maxBytesFor(limits: DocumentLimits, kind: DocumentKind): number {
  return limits.maxBytes[kind] ?? limits.defaultMaxBytes;
}

export function mediaTypesFor(limits: DocumentLimits, kind: DocumentKind): MediaType[] {
  return limits.mediaTypesByKind[kind] ?? limits.mediaTypes;
}

/** What the workflow (or staff through the API) asks of a document check. */
export const CheckDocumentRequest = z
  .object({
    sha256: Sha256,
    kind: DocumentKind,
    track: FundingTrack.optional().describe("the outgoing case's track; an incoming case has none"),
    ieltsScore: IeltsBand.optional().describe('entered by staff; read from the document when absent'),
    ieltsTestDate: IsoDate.optional().describe('entered by staff; read from the document when absent'),
    applicationDate: IsoDate,
    englishConfirmedByStaff: z
      .boolean()
      .optional()
      .describe('staff read a transcript without a text layer and confirm it is in English'),
    limits: DocumentLimits.optional().describe(
      "the limits of the case's pinned policy; absent: the worker's",
    ),
  })
  .strict();
export type CheckDocumentRequest = z.infer<typeof CheckDocumentRequest>;
