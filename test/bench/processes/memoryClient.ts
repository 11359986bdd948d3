import type { Socket } from 'socket.io-client';
import { answerIpc, emit, options, runMain } from '../lib/childSide';
import { connectMany, ok, prepareLiveEpisode, type ProductSocket } from '../lib/productClient';

/**
 * Scenario 5, the client side: holds `--clients N` connected sockets while the runner reads the
 * server's heap. Steps are driven over IPC so the runner can read the heap between them:
 * start-up does the studio setup (product) and prints `ready`; `{ type: 'connect' }` connects and
 * subscribes every socket and answers; the runner then kills this process.
 * `--target product`: big screens and leader panels (one session each), subscribed by `episode:sync`
 * to a live episode. `--target floor`: the bare server, each socket `join`ing its room.
 */
runMain(
  async () => {
    const args = options();
    const clients = Number(args.clients);
    let connectAll: () => Promise<number>;
    if (args.target === 'product') {
      const live = await prepareLiveEpisode(args.url, ['screen', 'leader'], Number(args.year));
      live.admin.disconnect();
      connectAll = async () => {
        const sockets = await connectMany<ProductSocket>(args.url, clients, (i) => (i % 2 ? live.cookies.leader : live.cookies.screen));
        for (let i = 0; i < sockets.length; i += 50) await Promise.all(sockets.slice(i, i + 50).map((s) => ok(s, 'episode:sync', { episodeId: live.episodeId, sinceSeq: null })));
        return sockets.length;
      };
    } else {
      connectAll = async () => {
        const sockets = await connectMany<Socket>(args.url, clients, () => undefined);
        for (let i = 0; i < sockets.length; i += 50) await Promise.all(sockets.slice(i, i + 50).map((s) => s.emitWithAck('join', {})));
        return sockets.length;
      };
    }
    answerIpc({ connect: async () => ({ connected: await connectAll() }) });
    emit('ready');
  },
  { exitWhenDone: false },
);
