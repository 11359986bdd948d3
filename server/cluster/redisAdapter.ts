import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';

/**
 * The shared Socket.IO adapter: Redis Streams. Unlike pub/sub, a node that loses Redis for a while
 * reads the stream on from where it stopped when Redis is back, so broadcasts made meanwhile still
 * reach its clients. The client reconnects on its own, with a capped back-off; a node keeps serving
 * its own clients (and the store keeps every write) while Redis is away.
 */
export async function redisStreamsAdapter(url: string, streamName: string, logger: Logger) {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 3_000), connectTimeout: 5_000 },
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) logger.warn({ err }, 'redis connection lost; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis connection back');
    down = false;
  });
  // Once running, a node rides out Redis going away; at start, a Redis that cannot be reached is a
  // configuration error worth saying so, not a node hanging silently.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`无法连接 Redis（${url.replace(/\/\/[^@]*@/, '//***@')}），请检查 REDIS_URL (could not reach Redis within 10 s)`)), 10_000);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    adapter: createAdapter(client, { streamName }),
    /** Whether the connection is up now: /readyz says so when it is not. */
    ready: () => client.isReady,
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
}
