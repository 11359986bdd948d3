import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { answerIpc, emit, options, runMain } from '../lib/childSide';

/**
 * Floor of the durable round trip: a bare Socket.IO server whose handler does the least a durable
 * store must do for one command, write `bytes` to a temp file, fsync it, rename it over the target,
 * then ack (echoing the payload, so the ack is as big as the product's). No validation, no auth, no
 * state: nothing the product could skip. Started with `--dir DIR` for its files.
 */
runMain(
  async () => {
    const dir = options().dir;
    if (!dir) throw new Error('--dir is required');
    const buffers = new Map<number, Buffer>();
    const bufferOf = (bytes: number) => buffers.get(bytes) ?? buffers.set(bytes, Buffer.alloc(bytes, 'x')).get(bytes)!;
    const target = join(dir, 'floor.json');
    const temp = join(dir, 'floor.json.tmp');

    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    io.on('connection', (socket) => {
      socket.on('write', async ({ bytes, payload }: { bytes: number; payload: unknown }, ack: (r: unknown) => void) => {
        const file = await open(temp, 'w');
        try {
          await file.writeFile(bufferOf(bytes));
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, target);
        ack({ ok: true, data: payload });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc();
    process.once('SIGTERM', () => io.close(() => process.exit(0)));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
  },
  { exitWhenDone: false },
);
