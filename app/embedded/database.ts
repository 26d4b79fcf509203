import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Driver } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { migrateToLatest, type SqlDatabase } from '../../stores/db/database';
import { serveDatabase, socketFile, type Turn } from './database-bridge';

export interface OpenDatabase {
  db: SqlDatabase;
  /** What it is, for start-up messages: the server's URL without password, or the embedded folder. */
  where: string;
  engine: 'postgresql' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** DATABASE_URL: a PostgreSQL server. Unset: the embedded PGlite under `dataDir`. */
  url?: string;
  dataDir: string;
  /**
   * Long-running processes (`npm start`) must own the embedded database, since the others reach it
   * through them: they wait up to this long for a short-lived owner (a CLI command) to finish.
   */
  ownWithinMs?: number;
  /** Connections to a PostgreSQL server (default 10). */
  poolSize?: number;
}

/** The embedded database's folder: `DATA_DIR/db` (PGlite's files in `pgdata/`, the owner's socket and pid). */
export const embeddedDatabaseDir = (dataDir: string) => join(resolve(dataDir), 'db');

/**
 * Opens the project's database and brings its schema up to date. With DATABASE_URL, a pool on that
 * PostgreSQL server. Without it, the embedded PGlite: the first process to open it owns it (PGlite is one
 * backend in one process) and serves it on a Unix socket in the folder; every later process (the CLI while
 * `npm start` runs, a second API) connects to that socket with `pg`, so they all see the same data.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<OpenDatabase> {
  if (opts.url) return openServer(opts.url, opts.poolSize ?? 10);
  const dir = embeddedDatabaseDir(opts.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + (opts.ownWithinMs ?? 0);
  for (;;) {
    const owner = await takeOwnership(dir);
    if (owner === 'taken') return openOwner(dir);
    if (Date.now() >= deadline) {
      if (opts.ownWithinMs) {
        throw new Error(
          `the embedded database in ${dir} is held by process ${owner}; stop it, or set DATABASE_URL to a PostgreSQL server`,
        );
      }
      return openClient(dir);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openServer(url: string, max: number): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max });
  const db: SqlDatabase = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return { db, where: safe.toString(), engine: 'postgresql', close: () => db.destroy() };
}

/** Kysely's PGlite driver, kept so the socket's sessions take turns with the owner's own queries. */
class TurnTakingPGliteDialect extends PGliteDialect {
  private driver?: Driver;

  override createDriver(): Driver {
    return (this.driver ??= super.createDriver());
  }

  readonly turn: Turn = {
    acquire: async () => {
      const driver = this.createDriver();
      const connection = await driver.acquireConnection();
      return () => driver.releaseConnection(connection);
    },
  };
}

async function openOwner(dir: string): Promise<OpenDatabase> {
  let pglite: PGlite | undefined;
  try {
    pglite = await createPGlite(join(dir, 'pgdata'));
    const dialect = new TurnTakingPGliteDialect(pglite);
    const db: SqlDatabase = new Kysely({ dialect });
    await migrateToLatest(db);
    const bridge = await serveDatabase(pglite, dialect.turn, dir);
    return {
      db,
      where: dir,
      engine: 'pglite',
      close: async () => {
        await bridge.close();
        await db.destroy(); // closes PGlite
        await rm(lockFile(dir), { force: true });
      },
    };
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    await rm(lockFile(dir), { force: true });
    throw err;
  }
}

/**
 * A new PGlite runs initdb, which takes 5-30 s on a busy 2-core machine; restoring the dump of a fresh
 * cluster takes a fraction of that. The dump (an empty cluster of this PGlite version, no project data)
 * is kept in the OS temp folder and made by the first process that needs it.
 */
async function createPGlite(pgdata: string): Promise<PGlite> {
  if (await stat(join(pgdata, 'PG_VERSION')).catch(() => undefined)) return PGlite.create(pgdata);
  const template = join(tmpdir(), `kbtu-mobility-pglite-${await pgliteVersion()}-initdb.tgz`);
  const dump = await readFile(template).catch(() => undefined);
  if (dump) return PGlite.create(pgdata, { loadDataDir: new Blob([dump]) });
  const pglite = await PGlite.create(pgdata);
  const fresh = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  const tmp = `${template}.${process.pid}.tmp`;
  await writeFile(tmp, fresh);
  await rename(tmp, template);
  return pglite;
}

async function pgliteVersion(): Promise<string> {
  // The package's exports hide its package.json; it sits beside dist/.
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

async function openClient(dir: string): Promise<OpenDatabase> {
  await socketReady(dir);
  // One connection, like the owner's driver: the backend serves one session at a time anyway.
  const pool = new pg.Pool({ host: dir, user: 'postgres', database: 'postgres', max: 1 });
  const db: SqlDatabase = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw new Error(
      `the embedded database in ${dir} is held by another process, but: ${(err as Error).message}`,
    );
  }
  return { db, where: `${dir} (through its owner's socket)`, engine: 'pglite', close: () => db.destroy() };
}

/** The owner takes a few seconds to open PGlite before its socket exists. */
async function socketReady(dir: string, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await stat(socketFile(dir)).catch(() => undefined))) {
    if (Date.now() > deadline)
      throw new Error(`the owner of the embedded database in ${dir} never opened its socket`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const lockFile = (dir: string) => join(dir, 'owner.pid');

/** 'taken', or the pid of the live process that owns the folder. A dead owner's lock is taken over. */
async function takeOwnership(dir: string): Promise<'taken' | number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockFile(dir), `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return 'taken';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number((await readFile(lockFile(dir), 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
    await rm(lockFile(dir), { force: true });
  }
  throw new Error(`cannot take ownership of the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
