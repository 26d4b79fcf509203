import { readFileSync } from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEmailActivities } from '../../activities/email/activities';
import { openDatabase } from '../../app/embedded/database';
import { sqlLanguagePreferences } from '../../stores/outbox-languages';
import { sqlOutbox } from '../../stores/sql-outbox';

/**
 * A worker process of its own for the crash test: the real email activity on the SQL outbox of the
 * database its parent names (PostgreSQL, or the parent's embedded PGlite through its socket), and the
 * delivery workflow from a prebuilt bundle. Its parent SIGKILLs it mid-delivery.
 */
export interface MailWorkerArgs {
  address: string;
  taskQueue: string;
  bundleFile: string;
  relayPort: number;
  /** DATABASE_URL or DATA_DIR of the database (test/stores/databases.ts `env`). */
  database: Record<string, string>;
}

async function main() {
  const args = JSON.parse(process.argv[2]!) as MailWorkerArgs;
  const { db, close } = await openDatabase({
    url: args.database.DATABASE_URL,
    dataDir: args.database.DATA_DIR ?? '',
  });
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
      outbox: sqlOutbox(db),
      languages: sqlLanguagePreferences(db),
      consoleUrl: 'http://console.kbtu.test',
    }),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
