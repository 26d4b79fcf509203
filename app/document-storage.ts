import { temporal } from '@temporalio/proto';
import { FileSystemBlobStore, type BlobStore } from '../stores/blobs';
import { documentsDir, type Sealer } from '../stores/documents';
import { S3BlobStore } from '../stores/s3-blobs';
import { ENCODING_ENCRYPTED, type AesGcmPayloadCodec } from './codec';
import type { Config } from './config';

const Payload = temporal.api.common.v1.Payload;
const text = new TextEncoder();
const utf8 = new TextDecoder();

/**
 * Document bytes are sealed with the payload codec itself: the bytes become the data of a payload, the
 * codec encrypts it (AES-256-GCM, the active key, its id bound to the ciphertext), and the blob is that
 * encrypted payload as protobuf. So the same keys (PAYLOAD_KEYS, or DATA_DIR/payload-keys.json) protect
 * histories and documents, and a rotation keeps old documents readable as long as the old key is listed.
 */
export function codecSealer(codec: AesGcmPayloadCodec): Sealer {
  return {
    activeKeyId: codec.activeKeyId,
    async seal(bytes) {
      const [sealed] = await codec.encode([
        { metadata: { encoding: text.encode('binary/plain') }, data: bytes },
      ]);
      return Payload.encode(sealed!).finish();
    },
    async open(blob) {
      const payload = Payload.decode(blob);
      const encoding = payload.metadata?.encoding;
      // decode() passes unencrypted payloads through; at rest, only sealed bytes are accepted.
      if (!encoding || utf8.decode(encoding) !== ENCODING_ENCRYPTED)
        throw new Error('the stored bytes are not encrypted');
      const [plain] = await codec.decode([payload]);
      return plain!.data ?? new Uint8Array();
    },
  };
}

/** Where document bytes go: DOCUMENTS_URL `s3://bucket/prefix` (S3_ENDPOINT for MinIO and the like), else DATA_DIR/documents. */
export function blobStoreFromConfig(config: Config): BlobStore {
  const url = config.DOCUMENTS_URL;
  if (!url) return new FileSystemBlobStore(documentsDir(config.DATA_DIR));
  if (url.startsWith('file://')) return new FileSystemBlobStore(new URL(url).pathname);
  const parsed = new URL(url);
  return new S3BlobStore({
    bucket: parsed.hostname,
    prefix: parsed.pathname.replace(/^\/+/, ''),
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
  });
}
