import { createServer } from 'node:net';

/*
 * Ports for the servers a test starts, taken below Linux's ephemeral range (32768-60999). A port the kernel
 * hands out for `listen(0)` is free only until it is released: the Temporal dev server picks its own
 * internal ports that way, and every outgoing connection takes one from that range too, so a port probed
 * there and bound a few seconds later was once taken in between (EADDRINUSE in CI). Below the range only
 * an explicit bind can take it, and this process never hands the same one out twice.
 */
const LOW = 20000;
const HIGH = 32767;
const handedOut = new Set<number>();
let next = LOW + ((process.pid * 7919) % (HIGH - LOW));

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries <= HIGH - LOW; tries++) {
    const port = next;
    next = next >= HIGH ? LOW : next + 1;
    if (!handedOut.has(port) && (await bindable(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}
