import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { answerIpc, emit, options, runMain } from '../lib/childSide';
import { AppendLog, lineOf } from './appendLog';

/**
 * The honest floor of the durable round trip: what the product's store does per command, and nothing
 * more. A bare Socket.IO server whose `write { bytes, payload }` handler appends one JSON line of
 * `bytes` bytes made from the payload to a file held open for appending, fdatasyncs it, and acks
 * (echoing the payload, so the ack is as big as the product's). `bytes` is what the product's log
 * grows by per command (measured by the client). No validation, no auth, no state, no grouping:
 * commands come one at a time here. Started with `--dir DIR` for its file.
 */
runMain(
  async () => {
    const dir = options().dir;
    if (!dir) throw new Error('--dir is required');
    const log = await AppendLog.open(join(dir, 'floor.log'));
    let seq = 0;

    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    io.on('connection', (socket) => {
      socket.on('write', async ({ bytes, payload }: { bytes: number; payload: unknown }, ack: (r: unknown) => void) => {
        await log.appendSynced(lineOf(++seq, payload, bytes));
        ack({ ok: true, data: payload });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc();
    process.once('SIGTERM', () => io.close(() => void log.close().finally(() => process.exit(0))));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
  },
  { exitWhenDone: false },
);
