import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { answerIpc, emit, options, runMain } from '../lib/childSide';
import { AppendLog, lineOf } from './appendLog';

/**
 * Floor of burst intake: the least a durable server with group commit does. A bare Socket.IO server
 * takes `appeal:create` (the product's payload, not validated), makes one JSON line of `--bytes N`
 * bytes per command (N = what the product's log grew by per acked appeal in the same run), and
 * group-commits: the commands that arrive while an fdatasync runs wait, then go to the file in ONE
 * append and ONE fdatasync, and are acked together (`{ ok, data: { appeal, seq } }`, as the product's
 * ack). Commands arriving in the same turn of the event loop join the same write (nextTick, as the
 * product's GroupCommit does). No auth, no state, no events, no broadcast.
 * `--dir DIR` for its file; the listening line names it, so the runner can count what it holds.
 */
runMain(
  async () => {
    const args = options();
    if (!args.dir) throw new Error('--dir is required');
    const bytes = Number(args.bytes ?? 1600);
    const episodeId = randomUUID().replace(/-/g, '').slice(0, 20);
    const file = join(args.dir, 'floor.log');
    const log = await AppendLog.open(file);
    let seq = 0;
    let writes = 0;
    let waiting: Array<{ line: string; reply: unknown; ack: (r: unknown) => void }> = [];
    let running = false;

    const loop = async () => {
      while (waiting.length) {
        const batch = waiting;
        waiting = [];
        try {
          await log.appendSynced(batch.map((c) => c.line).join(''));
          writes += 1;
          for (const c of batch) c.ack({ ok: true, data: c.reply });
        } catch (error) {
          for (const c of batch) c.ack({ ok: false, error: { code: 'STORE_FAILED', message: String(error) } });
        }
      }
      running = false;
    };

    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    io.on('connection', (socket) => {
      socket.on('appeal:create', (payload: Record<string, unknown>, ack: (r: unknown) => void) => {
        const n = ++seq;
        const appeal = { ...payload, id: randomUUID().replace(/-/g, '').slice(0, 20), no: n, status: 'received', version: 1 };
        waiting.push({ line: lineOf(n, appeal, bytes), reply: { appeal, seq: n }, ack });
        if (!running) {
          running = true;
          process.nextTick(() => void loop());
        }
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc({ writes: () => ({ writes, commands: seq }) });
    process.once('SIGTERM', () => io.close(() => void log.close().finally(() => process.exit(0))));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, episodeId, file });
  },
  { exitWhenDone: false },
);
