import { loadConfig } from '../config';
import { codecCorsOrigins, payloadCodecFromConfig, startCodecServer } from '.';

/**
 * The codec endpoint on its own (`npx tsx app/codec/main.ts`), for deployments where `npm start` does not
 * run: the Temporal UI's codec endpoint and auditors' `--codec-endpoint` point here.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { codec, keyring } = payloadCodecFromConfig(config);
  const server = await startCodecServer({
    codec,
    host: config.CODEC_HOST,
    port: config.CODEC_PORT,
    corsOrigins: codecCorsOrigins(config.CODEC_CORS_ORIGINS, config.TEMPORAL_UI_PORT),
  });
  const source = keyring.source === 'PAYLOAD_KEYS' ? 'PAYLOAD_KEYS' : keyring.source.file;
  console.log(`codec endpoint at ${server.url} (keys ${[...keyring.keys.keys()].join(', ')} from ${source})`);
  const stop = () => {
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
