import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../helpers/ports';

const MOTO = join(__dirname, '..', '..', '.tools', 'moto');

export interface S3Server {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A new, empty bucket. */
  bucket(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real S3 HTTP server on a free port: moto's server (PyPI `moto[server]`, installed into .tools/moto by
 * scripts/install-s3-server.sh, which `npm test` runs first).
 */
export async function startS3Server(): Promise<S3Server> {
  if (!existsSync(MOTO)) throw new Error('no S3 server: run scripts/install-s3-server.sh');
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: MOTO },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the S3 server exited: ${log}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the S3 server did not answer within 60 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  let n = 0;
  return {
    endpoint,
    credentials,
    bucket: async () => {
      const name = `documents-${Date.now()}-${n++}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    stop: async () => {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
