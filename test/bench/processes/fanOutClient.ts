import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { emit, options, runMain } from '../lib/childSide';
import { appealPayload, commandId, connectMany, connectSocket, ok, prepareLiveEpisode, type ProductSocket } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario 2, the measuring side: `--clients N` audience sockets on the product (`--url`) and N on
 * the bare broadcast floor (`--floor`), plus one trigger socket on each, all in this process so every
 * time comes from one clock. Triggers go one at a time, alternating product and floor, each waiting
 * until all N sockets have its event. Latency per (event, client) = receipt − the trigger's send time.
 *
 * Product: half big screens, half leader panels (one session each, shared by the sockets), each
 * subscribed by `episode:sync`; the trigger is an operator's appeal:create, the event `appeal.received`.
 * Floor: each socket `join`s the room; the trigger makes it broadcast the product's own event
 * (handed to it after the product's warm-up); a second floor target first appends that event to a
 * file and fdatasyncs it, as the product commits before it broadcasts; a third broadcasts a flat
 * object of as many bytes.
 */
interface Pending {
  sentAt: number;
  receipts: number[];
  bytes: number;
  done: () => void;
}

interface Target {
  trigger: (id: string, n: number) => Promise<void>;
  latencies: number[];
  spreads: number[];
  acks: number[];
  bytes: number[];
}

runMain(async () => {
  const args = options();
  const clients = Number(args.clients);
  const warmup = Number(args.warmup ?? 5);
  const commands = Number(args.commands ?? 30);
  const pending = new Map<string, Pending>();
  let sampleEvent: unknown = null;
  const receive = (id: string, event: unknown) => {
    const at = performance.now();
    const entry = pending.get(id);
    if (!entry) return;
    if (entry.receipts.length === 0) {
      entry.bytes = Buffer.byteLength(JSON.stringify(event));
      sampleEvent ??= event;
    }
    entry.receipts.push(at);
    if (entry.receipts.length === clients) entry.done();
  };
  const setupStarted = performance.now();

  const live = await prepareLiveEpisode(args.url, ['operator', 'screen', 'leader'], Number(args.year));
  const audience = await connectMany<ProductSocket>(args.url, clients, (i) => (i % 2 ? live.cookies.leader : live.cookies.screen));
  for (let i = 0; i < audience.length; i += 50) await Promise.all(audience.slice(i, i + 50).map((s) => ok(s, 'episode:sync', { episodeId: live.episodeId, sinceSeq: null })));
  for (const s of audience) s.on('episode:event', (event) => receive(event.commandId, event));
  const operator: ProductSocket = await connectSocket(args.url, live.cookies.operator);

  const floorAudience = await connectMany<Socket>(args.floor, clients, () => undefined);
  for (let i = 0; i < floorAudience.length; i += 50) await Promise.all(floorAudience.slice(i, i + 50).map((s) => s.emitWithAck('join', {})));
  for (const s of floorAudience) s.on('event', (event: { id: string }) => receive(event.id, event));
  const floorTrigger = await connectSocket<Socket>(args.floor);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const blank = () => ({ latencies: [], spreads: [], acks: [], bytes: [] });
  const product: Target = { ...blank(), trigger: (id, n) => ok(operator, 'appeal:create', appealPayload(live.episodeId, n, id)) };
  // The floor broadcasts the product's own event object; a second floor target sends a flat object of the same byte size.
  const floor: Target = {
    ...blank(),
    trigger: async (id) => {
      await floorTrigger.timeout(60_000).emitWithAck('trigger', { id });
    },
  };
  const durableFloor: Target = {
    ...blank(),
    trigger: async (id) => {
      const response = await floorTrigger.timeout(60_000).emitWithAck('trigger', { id, durable: true });
      if (!response?.ok) throw new Error(`durable floor trigger failed: ${response?.error}`);
    },
  };
  const flat: Target = {
    ...blank(),
    trigger: async (id) => {
      await floorTrigger.timeout(60_000).emitWithAck('trigger', { id, bytes: eventBytes() });
    },
  };
  const eventBytes = () => Math.round(product.bytes.reduce((s, b) => s + b, 0) / Math.max(1, product.bytes.length));

  /** One event, start to last receipt; recorded unless it is a warm-up. */
  const once = async (target: Target, n: number, record: boolean) => {
    const id = commandId();
    const entry: Pending = { sentAt: 0, receipts: [], bytes: 0, done: () => undefined };
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`event ${n} reached ${entry.receipts.length} of ${clients} clients in 60 s`)), 60_000);
      entry.done = () => (clearTimeout(timer), resolve());
    });
    pending.set(id, entry);
    entry.sentAt = performance.now();
    await target.trigger(id, n);
    const ackAt = performance.now();
    await all;
    pending.delete(id);
    target.bytes.push(entry.bytes);
    if (!record) return;
    target.acks.push(ackAt - entry.sentAt);
    for (const at of entry.receipts) target.latencies.push(at - entry.sentAt);
    target.spreads.push(entry.receipts[entry.receipts.length - 1] - entry.receipts[0]);
  };

  // The product's warm-up tells the floor how big an event is; then both warm up, then alternate.
  for (let n = 0; n < warmup; n++) await once(product, n, false);
  await floorTrigger.timeout(60_000).emitWithAck('payload', sampleEvent);
  for (let n = 0; n < warmup; n++) await once(floor, n, false);
  for (let n = 0; n < warmup; n++) await once(durableFloor, n, false);
  for (let n = 0; n < warmup; n++) await once(flat, n, false);
  const targets = [product, floor, durableFloor, flat];
  for (let n = 0; n < commands; n++) {
    // A rotating order, so no target always follows the same one.
    for (let k = 0; k < targets.length; k++) await once(targets[(n + k) % targets.length], warmup + n, true);
  }
  const summary = (t: Target) => ({
    latency: roundSummary(summarize(t.latencies)),
    spread: roundSummary(summarize(t.spreads)),
    ack: roundSummary(summarize(t.acks)),
    eventBytes: Math.round(t.bytes.reduce((s, b) => s + b, 0) / Math.max(1, t.bytes.length)),
  });
  emit('result', { clients, warmup, commands, setupSeconds, product: summary(product), floor: summary(floor), durableFloor: summary(durableFloor), flatFloor: summary(flat) });
});
