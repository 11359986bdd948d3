import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * The smallest load balancer that does failover: every new TCP connection goes to the first
 * upstream that accepts it, in order. While node A lives everyone reaches A; once A is gone its
 * connections drop, the clients reconnect, and the proxy hands them to B. (A real installation puts
 * nginx or HAProxy here; see docs/cluster.md.)
 */
export async function failoverProxy(upstreams: () => string[]): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    void pick(upstreams()).then((upstream) => {
      if (!upstream) return client.destroy();
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function pick(urls: string[]): Promise<Socket | null> {
  for (const url of urls) {
    const { hostname, port } = new URL(url);
    const socket = await new Promise<Socket | null>((resolve) => {
      const attempt = connect(Number(port), hostname);
      attempt.once('connect', () => resolve(attempt));
      attempt.once('error', () => resolve(null));
    });
    if (socket) return socket;
  }
  return null;
}
