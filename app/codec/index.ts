import type { DataConverter, PayloadCodec } from '@temporalio/common';

export {
  AesGcmPayloadCodec,
  ENCODING_ENCRYPTED,
  METADATA_COMPRESSION,
  METADATA_KEY_ID,
  PayloadIntegrityError,
  UnknownPayloadKeyError,
  type PayloadKeyring,
} from './codec';
export {
  codecConfigFields,
  loadPayloadKeyring,
  payloadCodecFromConfig,
  payloadKeyFile,
  type LoadedKeyring,
} from './keys';
export { startCodecServer, type CodecServer, type CodecServerOptions } from './server';

/** The data converter of every Temporal client and worker of the system: the default converter, then the codec. */
export function encryptedDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}

/**
 * The browser origins allowed to call the codec endpoint: CODEC_CORS_ORIGINS (comma-separated) when set,
 * else the dev server's UI as a browser reaches it on this machine.
 */
export function codecCorsOrigins(setting: string | undefined, uiPort: number): string[] {
  if (setting !== undefined && setting.trim() !== '') {
    return setting
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '');
  }
  return [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
}
