import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { answerIpc, emit, options, runMain } from '../lib/childSide';
import { AppendLog, lineOf } from './appendLog';

/**
 * Floor of fan-out and of per-client memory: a bare Socket.IO server. A client `join`s the audience
 * room (as `episode:sync` joins an episode room). `payload` hands it one of the product's own events;
 * a `trigger { id }` then broadcasts that same event (with the trigger's id) to the room, and acks:
 * the "the same payload", parsed by each client as the product's is. `trigger { id, bytes }`
 * broadcasts instead a flat object of that many JSON bytes (a reference row: same size, next to no
 * structure). `trigger { id, durable: true }` first appends the event as one JSON line to a file held
 * open (`--dir DIR`) and fdatasyncs it, then broadcasts: the floor of a store that, like the
 * product, lets an event out only once it is durable. No auth, no state, no projection.
 */
function payloadOf(id: string, bytes: number) {
  const skeleton = { id, type: 'appeal.received', pad: '' };
  const pad = Math.max(0, bytes - Buffer.byteLength(JSON.stringify(skeleton)));
  return { ...skeleton, pad: 'x'.repeat(pad) };
}

runMain(
  async () => {
    const dir = options().dir;
    const log = dir ? await AppendLog.open(join(dir, 'broadcast.log')) : null;
    let seq = 0;
    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    let sample: Record<string, unknown> | null = null;
    io.on('connection', (socket) => {
      socket.on('payload', (event: Record<string, unknown>, ack: (r: unknown) => void) => {
        sample = event;
        ack({ ok: true });
      });
      socket.on('join', (_: unknown, ack: (r: unknown) => void) => {
        socket.join('audience');
        ack({ ok: true });
      });
      socket.on('trigger', async ({ id, bytes, durable }: { id: string; bytes?: number; durable?: boolean }, ack: (r: unknown) => void) => {
        const event = bytes === undefined && sample ? { ...sample, id } : payloadOf(id, bytes ?? 0);
        if (durable) {
          if (!log) return ack({ ok: false, error: 'started without --dir' });
          await log.appendSynced(lineOf(++seq, event, 0));
        }
        io.to('audience').emit('event', event);
        ack({ ok: true });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc();
    process.once('SIGTERM', () => io.close(() => process.exit(0)));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
  },
  { exitWhenDone: false },
);
