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
  await client.connect();
  return {
    adapter: createAdapter(client, { streamName }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
