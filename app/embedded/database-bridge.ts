import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';

/**
 * The embedded PGlite is one PostgreSQL backend inside one process, but the CLI, a second worker or a test
 * process must reach the same data while `npm start` holds it. This serves that backend on a Unix socket
 * in PostgreSQL's wire protocol (PGlite speaks it itself through `execProtocolRaw`), so other processes
 * connect with `pg` as to any PostgreSQL.
 *
 * A backend has one session, so sessions take turns: a client holds the backend from its first message
 * until the backend is idle again (ReadyForQuery 'I'), i.e. for one statement outside a transaction or
 * for a whole transaction. The owner's own queries take the same turn (`turn`), through its Kysely driver.
 * A client that goes away inside a transaction is rolled back before the next turn.
 */
export interface Turn {
  /** Waits for the backend, then holds it until `release` is called. */
  acquire(): Promise<() => Promise<void>>;
}

export interface DatabaseBridge {
  socketDir: string;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const TERMINATE = 0x58; // 'X'
/** Messages after which the backend answers with ReadyForQuery (Query, Sync) or sends what it has (Flush). */
const ANSWERED_AFTER = new Set([0x51, 0x53, 0x48]);

/** pg connects to `<host>/.s.PGSQL.<port>` when host is a folder. */
export const socketFile = (socketDir: string, port = 5432) => `${socketDir}/.s.PGSQL.${port}`;

export async function serveDatabase(pglite: PGlite, turn: Turn, socketDir: string): Promise<DatabaseBridge> {
  const path = socketFile(socketDir);
  await rm(path, { force: true }); // left by an owner that was killed; the owner lock says we own it now
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveSession(pglite, turn, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    socketDir,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}

function serveSession(pglite: PGlite, turn: Turn, socket: Socket): void {
  let pending = Buffer.alloc(0);
  let started = false;
  let release: (() => Promise<void>) | undefined;
  let queue = Promise.resolve();
  let closed = false;

  const forward = async (bytes: Buffer) => {
    release ??= await turn.acquire();
    const answer = Buffer.from(await pglite.execProtocolRaw(new Uint8Array(bytes)));
    if (!closed) socket.write(answer);
    if (endsIdle(answer)) {
      const done = release;
      release = undefined;
      await done();
    }
  };

  const onClose = async () => {
    closed = true;
    if (!release) return;
    // Gone inside a transaction: undo it, so the next session does not inherit it.
    await pglite.exec('ROLLBACK').catch(() => undefined);
    const done = release;
    release = undefined;
    await done();
  };

  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    queue = queue
      .then(async () => {
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const message = pending.subarray(0, length);
          pending = pending.subarray(length);
          if (message.readInt32BE(4) === SSL_REQUEST) {
            socket.write('N'); // no TLS on a local socket; the client then sends its startup message
            return;
          }
          started = true;
          await forward(message);
        }
        const batch = completeBatch(pending);
        if (batch === 0) return;
        const bytes = pending.subarray(0, batch);
        pending = pending.subarray(batch);
        if (bytes[bytes.length - 5] === TERMINATE) {
          if (bytes.length > 5) await forward(bytes.subarray(0, bytes.length - 5));
          socket.end();
          return;
        }
        await forward(bytes);
      })
      .catch(() => {
        socket.destroy();
      });
  });
  socket.on('close', () => {
    queue = queue.then(onClose, onClose);
  });
  socket.on('error', () => socket.destroy());
}

/** How many leading bytes of `buffer` form whole messages ending with one the backend answers; 0: wait. */
function completeBatch(buffer: Buffer): number {
  let offset = 0;
  let end = 0;
  while (offset + 5 <= buffer.length) {
    const type = buffer[offset]!;
    const next = offset + 1 + buffer.readInt32BE(offset + 1);
    if (next > buffer.length) break;
    offset = next;
    if (ANSWERED_AFTER.has(type) || type === TERMINATE) end = offset;
  }
  return end;
}

/** Whether the backend's answer ends with ReadyForQuery saying it is idle (not inside a transaction). */
function endsIdle(answer: Buffer): boolean {
  const n = answer.length;
  return (
    n >= 6 && answer[n - 6] === READY_FOR_QUERY && answer.readInt32BE(n - 5) === 5 && answer[n - 1] === IDLE
  );
}
