import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The `encoding` of a payload this codec wrote; anything else passes through decode untouched. */
export const ENCODING_ENCRYPTED = 'binary/encrypted';
/** The metadata key naming the key a payload was encrypted with, so that keys can rotate. */
export const METADATA_KEY_ID = 'encryption-key-id';

/**
 * The metadata key saying the sealed bytes are deflated (raw DEFLATE) before encryption. It is bound to
 * the ciphertext too: stripping or adding it fails to authenticate.
 */
export const METADATA_COMPRESSION = 'encryption-compression';
const DEFLATE = 'deflate-raw';
/** Below this a payload is sealed as it is: deflating a few hundred bytes saves nothing. */
const COMPRESS_FROM_BYTES = 1024;

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The keys a codec knows, by id, and the one new payloads are encrypted with. */
export interface PayloadKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

/** A payload names a key this codec was not given (an old key dropped too early, or another system's). */
export class UnknownPayloadKeyError extends Error {
  constructor(
    readonly keyId: string,
    known: readonly string[],
  ) {
    super(
      `payload is encrypted with key "${keyId}", which is not configured (known keys: ${known.join(', ') || 'none'})`,
    );
    this.name = 'UnknownPayloadKeyError';
  }
}

/** An encrypted payload that does not authenticate: its bytes or its key id were changed, or it is cut short. */
export class PayloadIntegrityError extends Error {
  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(`payload encrypted with key "${keyId}" cannot be decrypted: ${reason}`);
    this.name = 'PayloadIntegrityError';
  }
}

const text = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Encrypts whole payloads (metadata and data, serialized as the protobuf `Payload`) with AES-256-GCM.
 * The result carries only `encoding: binary/encrypted` and the key id in the clear; its data is
 * IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). The key id is also bound to the ciphertext as
 * additional authenticated data, so relabelling a payload with another key id fails like any tampering.
 *
 * Encoding uses the keyring's active key; decoding uses whichever key the payload names. Payloads
 * without the encrypted encoding (histories written before the codec was turned on) decode unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keyring: PayloadKeyring) {
    const keys = new Map<string, Buffer>();
    for (const [id, key] of keyring.keys) {
      if (key.length !== KEY_BYTES) {
        throw new Error(`payload key "${id}" is ${key.length} bytes; AES-256 needs ${KEY_BYTES}`);
      }
      keys.set(id, Buffer.from(key));
    }
    if (!keys.has(keyring.activeKeyId)) {
      throw new Error(`the active payload key "${keyring.activeKeyId}" is not among the keys given`);
    }
    this.keys = keys;
    this.activeKeyId = keyring.activeKeyId;
  }

  /** The ids of every key this codec can decrypt with. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.activeKeyId;
    const key = this.keys.get(keyId)!;
    return payloads.map((payload) => {
      const serialized = temporal.api.common.v1.Payload.encode(payload).finish();
      // A large payload (a call's applicant table carried over continue-as-new) is deflated first, so it
      // stays under Temporal's 2 MB payload limit; ciphertext does not compress, so it must come first.
      const deflated = serialized.length >= COMPRESS_FROM_BYTES ? deflateRawSync(serialized) : null;
      const compressed = deflated !== null && deflated.length < serialized.length;
      const plain = compressed ? deflated : serialized;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId, compressed));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: text.encode(ENCODING_ENCRYPTED),
          [METADATA_KEY_ID]: text.encode(keyId),
          ...(compressed ? { [METADATA_COMPRESSION]: text.encode(DEFLATE) } : {}),
        },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || utf8.decode(encoding) !== ENCODING_ENCRYPTED) return payload;
      const rawId = payload.metadata?.[METADATA_KEY_ID];
      if (!rawId) {
        throw new PayloadIntegrityError('(none)', `the payload has no "${METADATA_KEY_ID}" metadata`);
      }
      const keyId = utf8.decode(rawId);
      const compression = payload.metadata?.[METADATA_COMPRESSION];
      const compressed = compression !== undefined && compression !== null;
      if (compressed && utf8.decode(compression) !== DEFLATE) {
        throw new PayloadIntegrityError(keyId, `unknown compression "${utf8.decode(compression)}"`);
      }
      const key = this.keys.get(keyId);
      if (!key) throw new UnknownPayloadKeyError(keyId, this.keyIds);
      const data = payload.data ?? new Uint8Array();
      if (data.length < IV_BYTES + TAG_BYTES) {
        throw new PayloadIntegrityError(keyId, `${data.length} bytes is shorter than IV and tag`);
      }
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId, compressed));
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new PayloadIntegrityError(
          keyId,
          'authentication failed (tampered, or not written with this key)',
        );
      }
      return temporal.api.common.v1.Payload.decode(compressed ? inflateRawSync(plain) : plain);
    });
  }
}

/** What the ciphertext is bound to: the key id, and whether it was deflated (payloads before: the id alone). */
const aad = (keyId: string, compressed: boolean) => text.encode(compressed ? `${keyId}\n${DEFLATE}` : keyId);
