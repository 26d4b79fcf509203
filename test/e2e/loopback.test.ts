import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalCliPath } from '../../app/embedded/temporal-binaries';
import { startDevServer, type DevServer } from '../../app/embedded/temporal-dev-server';
import { freePort } from '../helpers/system';

/** The processes whose command line names `marker` (the dev server's own data folder). */
async function processesNaming(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('start-dev') && cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

/** Every TCP socket the processes listen on, as address and port, from /proc (no tool needed). */
async function listening(pids: number[]): Promise<{ address: string; port: number }[]> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = link.match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]!);
    }
  }
  const out: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue; // 0A: LISTEN
      const [hex, port] = f[1]!.split(':');
      out.push({ address: addressOf(hex!), port: parseInt(port!, 16) });
    }
  }
  return out;
}

/** /proc/net's little-endian hex address, as text; IPv6 loopback and v4-mapped loopback included. */
function addressOf(hex: string): string {
  if (hex.length === 8)
    return (hex.match(/../g) ?? [])
      .reverse()
      .map((b) => parseInt(b, 16))
      .join('.');
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${addressOf(hex.slice(24))}`;
  return hex === '0'.repeat(32) ? '::' : `ipv6:${hex}`;
}

const loopback = (a: string) => a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');

/** Whether a TCP connection to host:port is accepted (refused or unreachable: false). */
const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

let dir: string;
let server: DevServer | undefined;
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('the embedded dev server listens on loopback only: frontend, Web UI and every other port', async () => {
  dir = await mkdtemp(join(tmpdir(), 'mobility-loopback-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  server = await startDevServer({
    cliPath: temporalCliPath()!,
    dataDir: dir,
    port,
    uiPort,
    namespace: 'default',
  });
  expect(server.address).toBe(`127.0.0.1:${port}`);
  const pids = await processesNaming(dir);
  expect(pids.length).toBeGreaterThan(0);
  const args = (await readFile(`/proc/${pids[0]}/cmdline`, 'utf8')).split('\0');
  expect(args[args.indexOf('--ip') + 1]).toBe('127.0.0.1');
  expect(args[args.indexOf('--ui-ip') + 1]).toBe('127.0.0.1');

  const sockets = await listening(pids);
  expect(sockets.map((s) => s.port)).toEqual(expect.arrayContaining([port, uiPort]));
  expect(sockets.filter((s) => !loopback(s.address))).toEqual([]);

  expect(await reachable('127.0.0.1', port)).toBe(true);
  expect(await reachable('127.0.0.1', uiPort)).toBe(true);
  // From another machine's point of view: this machine's own non-loopback addresses, where it has any.
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
  for (const address of external) {
    expect({
      address,
      frontend: await reachable(address, port),
      ui: await reachable(address, uiPort),
    }).toEqual({ address, frontend: false, ui: false });
  }
}, 120_000);
