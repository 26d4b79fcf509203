import { readFileSync } from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEmailActivities } from '../../activities/email/activities';
import { fileOutbox } from '../../stores/outbox';
import { fileLanguagePreferences } from '../../stores/outbox-languages';

/**
 * A worker process of its own for the crash test: the real email activity on a file outbox, and the
 * delivery workflow from a prebuilt bundle. Its parent SIGKILLs it mid-delivery.
 */
export interface MailWorkerArgs {
  address: string;
  taskQueue: string;
  bundleFile: string;
  relayPort: number;
  outboxFile: string;
}

async function main() {
  const args = JSON.parse(process.argv[2]!) as MailWorkerArgs;
  const connection = await NativeConnection.connect({ address: args.address });
  const worker = await Worker.create({
    connection,
    taskQueue: args.taskQueue,
    workflowBundle: { code: readFileSync(args.bundleFile, 'utf8') },
    activities: createEmailActivities({
      smtp: { host: '127.0.0.1', port: args.relayPort, ignoreTLS: true },
      from: 'mobility@kbtu.test',
      directory: {
        offices: {
          di_officer: 'di@kbtu.test',
          dean_office: 'dean@kbtu.test',
          registrar: 'registrar@kbtu.test',
          snss: 'snss@kbtu.test',
          vice_rector: 'vr@kbtu.test',
          finance: 'finance@kbtu.test',
        },
      },
      outbox: fileOutbox(args.outboxFile),
      languages: fileLanguagePreferences(`${args.outboxFile}.languages.json`),
      consoleUrl: 'http://console.kbtu.test',
    }),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
