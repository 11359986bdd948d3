import { writeFile } from 'node:fs/promises';
import { emit, nowMs, options, runMain } from '../lib/childSide';
import { appealPayload, commandId, connectMany, ok, prepareLiveEpisode, type ProductSocket } from '../lib/productClient';
import { bounds, phaseAt, startSignal, until, type Phase, type Timeline } from '../lib/specialTimeline';
import { roundSummary, summarize } from '../lib/stats';

/**
 * The 市长上线 scenario's console (scenarios/messages.ts): `--operators N` operator sockets of one
 * session, each subscribed to the live episode by `episode:sync` as the console is (so each receives
 * every phone's message as it lands), doing the burst scenario's work as fast as acks return: take a
 * call (`appeal:create`), screen it into the queue (`appeal:screen`), and once it holds more than
 * QUEUED_PER_OPERATOR of its own, hand the oldest over to the unit (`appeal:handOver`) so the queue
 * stays the size a studio's is. Every ack's latency is kept by the phase it was sent in
 * (lib/specialTimeline.ts). Prints `ready` with the episode, waits for the runner's start, works until
 * the end of the tail (the server is SIGKILLed during it: a command without an ack is not counted),
 * writes every acked create as `{ commandId, appealId }` to `--out` for the durability check.
 */
const QUEUED_PER_OPERATOR = 3;

type Kind = 'create' | 'screen' | 'handOver';

runMain(async () => {
  const args = options();
  const operators = Number(args.operators ?? 5);
  const live = await prepareLiveEpisode(args.url, ['operator'], Number(args.year));
  const episodeId = live.episodeId;
  live.admin.disconnect();
  const sockets = await connectMany<ProductSocket>(args.url, operators, () => live.cookies.operator);
  let eventsReceived = 0;
  for (const socket of sockets) {
    await ok(socket, 'episode:sync', { episodeId, sinceSeq: null });
    socket.on('episode:event', () => {
      eventsReceived += 1;
    });
  }
  const start = startSignal();
  emit('ready', { episodeId });
  const timeline: Timeline = { startAt: await start, seconds: Number(args.seconds), tailSeconds: Number(args.tailSeconds) };
  const { end } = bounds(timeline);

  const latencies: Record<'alone' | 'phones' | 'tail', Record<Kind, number[]>> = {
    alone: { create: [], screen: [], handOver: [] },
    phones: { create: [], screen: [], handOver: [] },
    tail: { create: [], screen: [], handOver: [] },
  };
  const acked: Array<{ commandId: string; appealId: string; phase: Phase }> = [];
  let refused = 0;
  let firstRefusal: unknown = null;
  let lost = 0;

  /** One command: its ack, or null when the server went away first (the SIGKILL). */
  const send = (socket: ProductSocket, event: 'appeal:create' | 'appeal:screen' | 'appeal:handOver', payload: unknown): Promise<any | null> =>
    new Promise((resolve) => {
      if (!socket.connected) return resolve(null);
      const gone = () => resolve(null);
      socket.once('disconnect', gone);
      (socket.timeout(60_000) as any).emitWithAck(event, payload).then(
        (response: unknown) => {
          socket.off('disconnect', gone);
          resolve(response);
        },
        () => {
          socket.off('disconnect', gone);
          resolve(null);
        },
      );
    });

  await until(timeline.startAt);
  await Promise.all(
    sockets.map(async (socket, lane) => {
      const queued: Array<{ appealId: string; version: number }> = [];
      const timed = async (kind: Kind, event: 'appeal:create' | 'appeal:screen' | 'appeal:handOver', payload: Record<string, unknown>) => {
        const sentAt = nowMs();
        const phase = phaseAt(timeline, sentAt);
        const response = await send(socket, event, payload);
        if (response === null) {
          lost += 1;
          return null;
        }
        if (!response.ok) {
          refused += 1;
          firstRefusal ??= response.error;
          return null;
        }
        if (phase === 'alone' || phase === 'phones' || phase === 'tail') latencies[phase][kind].push(nowMs() - sentAt);
        return { data: response.data, phase };
      };
      for (let n = 0; nowMs() < end && socket.connected; n++) {
        const id = commandId();
        const created = await timed('create', 'appeal:create', appealPayload(episodeId, lane * 1_000_000 + n, id));
        if (!created) continue;
        const appeal = created.data.appeal;
        acked.push({ commandId: id, appealId: appeal.id, phase: created.phase });
        const screened = await timed('screen', 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
        if (!screened) continue;
        queued.push({ appealId: appeal.id, version: screened.data.appeal.version });
        if (queued.length > QUEUED_PER_OPERATOR) {
          const oldest = queued.shift()!;
          await timed('handOver', 'appeal:handOver', {
            commandId: commandId(),
            episodeId,
            appealId: oldest.appealId,
            expectedVersion: oldest.version,
            reason: '直播时间有限，转承办单位节后办理',
            complexity: 'normal',
          });
        }
      }
    }),
  );
  for (const socket of sockets) socket.disconnect();
  await writeFile(args.out, JSON.stringify(acked));

  const seconds = timeline.seconds;
  const perPhase = (phase: 'alone' | 'phones' | 'tail', phaseSeconds: number) => {
    const all = [...latencies[phase].create, ...latencies[phase].screen, ...latencies[phase].handOver];
    return {
      seconds: phaseSeconds,
      commands: all.length,
      commandsPerSecond: all.length / phaseSeconds,
      ackLatency: roundSummary(summarize(all)),
      create: roundSummary(summarize(latencies[phase].create)),
      screen: roundSummary(summarize(latencies[phase].screen)),
      handOver: roundSummary(summarize(latencies[phase].handOver)),
    };
  };
  emit('result', {
    operators,
    episodeId,
    acked: acked.length,
    refused,
    firstRefusal,
    lostAtKill: lost,
    eventsReceived,
    alone: perPhase('alone', seconds),
    phones: perPhase('phones', seconds),
    tail: perPhase('tail', timeline.tailSeconds),
  });
});
