import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../../app/embedded/database';
import type { SqlDatabase } from '../../stores/db/database';
import { freePort } from '../helpers/ports';

const run = promisify(execFile);

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'postgres-cluster.sh');

/** Both engines the project's database runs on; a store's suite runs on each (`describe.each(ENGINES)`). */
export const ENGINES = ['pglite', 'postgresql'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * The PostgreSQL server of this test file: TEST_DATABASE_URL (an admin URL; `.ci/run` starts one cluster
 * for the whole run), else a throwaway cluster from Debian's package, started by scripts/postgres-cluster.sh
 * in a temporary folder on a free port and stopped after the file.
 */
let server: Promise<{ url: string; stop: () => Promise<void> }> | undefined;
function postgresServer() {
  server ??= (async () => {
    if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: async () => {} };
    const dir = await mkdtemp(join(tmpdir(), 'mobility-pg-'));
    await chmod(dir, 0o711); // the cluster runs as user postgres when the tests run as root
    const { stdout } = await run('bash', [SCRIPT, 'start', join(dir, 'cluster'), String(await freePort())]);
    return {
      url: stdout.trim(),
      stop: async () => {
        await run('bash', [SCRIPT, 'stop', join(dir, 'cluster')]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  })();
  return server;
}

afterAll(async () => {
  if (server) await (await server).stop();
});

async function admin<T>(url: string, work: (db: SqlDatabase) => Promise<T>): Promise<T> {
  const db: SqlDatabase = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function sessionsOn(db: SqlDatabase, name: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name}`.execute(db);
  return rows[0]!.n;
}

export interface TestDatabase extends OpenDatabase {
  /** What another process of the system is given to open the same database (DATABASE_URL or DATA_DIR). */
  env: Record<string, string>;
  /** Opens the same database again, as another process would (PGlite: through the owner's socket). */
  reopen(): Promise<OpenDatabase>;
}

/** A fresh, migrated database of `engine`; `close` drops it. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'mobility-db-'));
    const opened = await openDatabase({ dataDir });
    return {
      ...opened,
      env: { DATA_DIR: dataDir },
      reopen: () => openDatabase({ dataDir }),
      close: async () => {
        await opened.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const { url: adminUrl } = await postgresServer();
  const name = `test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(adminUrl, (db) => sql`CREATE DATABASE ${sql.id(name)}`.execute(db));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString(), dataDir: tmpdir() });
  return {
    ...opened,
    env: { DATABASE_URL: url.toString() },
    reopen: () => openDatabase({ url: url.toString(), dataDir: tmpdir() }),
    close: async () => {
      await opened.close();
      await admin(adminUrl, async (db) => {
        // A closed pool's connections may still be ending on the server: a forced drop would terminate
        // them and their client would report that as an unhandled error, so the drop waits for them.
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline && (await sessionsOn(db, name)) > 0)
          await new Promise((r) => setImmediate(r));
        await sql`DROP DATABASE ${sql.id(name)} WITH (FORCE)`.execute(db);
      });
    },
  };
}

/**
 * A fresh database for the enclosing describe block (a new PGlite costs seconds, so not one per test: the
 * tests of a block use their own keys).
 */
export function useFreshDatabase(engine: Engine): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await freshDatabase(engine);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useFreshDatabase: only inside a test or hook');
    return current;
  };
}
