import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EpisodeFollower, SYNC_RETRY_AFTER_MS, SYNC_WAIT_MS } from '../../client/src/api/episodeFollower';
import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import type { Ack, SyncResult } from '../../shared/protocol/events';
import { buildAppeal, buildState, EPISODE_ID, NOW, OPERATOR } from './builders';

/**
 * The follower's own rules, on a stand-in socket (an EventEmitter with `connected`): what the
 * server answers is played by the test, one sync at a time. The real server and Socket.IO are in
 * test/faults/connectionCuts.test.ts, which runs this same follower through cuts and a restart.
 */
class StandInSocket extends EventEmitter {
  connected = true;
  reconnect() {
    this.connected = true;
    this.emit('connect');
  }
}

interface PendingSync {
  sinceSeq: number | null;
  answer(ack: Ack<SyncResult>): void;
}

function follow() {
  const socket = new StandInSocket();
  const syncs: PendingSync[] = [];
  const shown: Array<EpisodeState | null> = [];
  const errors: Array<string | null> = [];
  const follower = new EpisodeFollower(
    socket,
    EPISODE_ID,
    (sinceSeq) => new Promise<Ack<SyncResult>>((answer) => syncs.push({ sinceSeq, answer })),
    { state: (next) => shown.push(next), error: (message) => errors.push(message) },
  );
  return { socket, syncs, shown, errors, follower };
}

const snapshotAt = (seq: number): Ack<SyncResult> => ({ ok: true, data: { mode: 'snapshot', snapshot: buildState({ seq }) } as SyncResult });
const noAnswer: Ack<SyncResult> = { ok: false, error: { code: 'INTERNAL', message: '服务器没有及时回应' } };
const eventAt = (seq: number): EpisodeEvent =>
  ({ type: 'appeal.received', seq, episodeId: EPISODE_ID, at: NOW, actor: OPERATOR, command: 'appeal:create', commandId: `c-${seq}`, changes: [], appeal: buildAppeal({ id: `a-${seq}` }) });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EpisodeFollower', () => {
  afterEach(() => vi.useRealTimers());

  it('a sync lost with its connection does not hold up the next connection’s sync', async () => {
    const { socket, syncs, shown, follower } = follow();
    expect(syncs).toHaveLength(1); // the first connection's sync, which the cut swallows

    socket.connected = false;
    socket.reconnect();
    expect(syncs).toHaveLength(2); // sent at once, not after the lost one times out
    syncs[1].answer(snapshotAt(3));
    await flush();
    expect(follower.state?.seq).toBe(3);

    socket.emit('episode:event', eventAt(4));
    expect(follower.state?.seq).toBe(4);

    // The lost sync finally fails: it belonged to a dead connection and changes nothing.
    syncs[0].answer(noAnswer);
    await flush();
    expect(follower.state?.seq).toBe(4);
    expect(shown.at(-1)?.seq).toBe(4);
    expect(syncs).toHaveLength(2);
  });

  it('an answer to an older connection’s sync is not applied over the newer one', async () => {
    const { socket, syncs, follower } = follow();
    socket.reconnect();
    syncs[1].answer(snapshotAt(9));
    await flush();
    syncs[0].answer(snapshotAt(2));
    await flush();
    expect(follower.state?.seq).toBe(9);
  });

  it('a sync left unanswered while connected is sent again after a pause, so the socket gets subscribed', async () => {
    vi.useFakeTimers();
    const { syncs, errors, follower } = follow();
    syncs[0].answer(noAnswer);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.at(-1)).toBe('服务器没有及时回应');
    expect(syncs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_AFTER_MS);
    expect(syncs).toHaveLength(2);
    syncs[1].answer(snapshotAt(5));
    await vi.advanceTimersByTimeAsync(0);
    expect(follower.state?.seq).toBe(5);
    expect(errors.at(-1)).toBeNull();
  });

  it('a sync whose answer is lost on a live connection is given up and sent again; its late answer is not applied over the newer one', async () => {
    vi.useFakeTimers();
    const { syncs, follower } = follow();
    await vi.advanceTimersByTimeAsync(SYNC_WAIT_MS + SYNC_RETRY_AFTER_MS);
    expect(syncs).toHaveLength(2);
    syncs[1].answer(snapshotAt(8));
    await vi.advanceTimersByTimeAsync(0);
    expect(follower.state?.seq).toBe(8);
    syncs[0].answer(snapshotAt(4));
    await vi.advanceTimersByTimeAsync(0);
    expect(follower.state?.seq).toBe(8);
  });

  it('a passing refusal (storage trouble while a restarted server settles) is asked again after a pause', async () => {
    vi.useFakeTimers();
    const { syncs, follower } = follow();
    syncs[0].answer({ ok: false, error: { code: 'STORAGE_FAILED', message: '保存到磁盘失败' } });
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_AFTER_MS);
    expect(syncs).toHaveLength(2);
    syncs[1].answer(snapshotAt(6));
    await vi.advanceTimersByTimeAsync(0);
    expect(follower.state?.seq).toBe(6);
  });

  it('a refusal for a rule (not for load) is shown and not retried', async () => {
    vi.useFakeTimers();
    const { syncs, errors } = follow();
    syncs[0].answer({ ok: false, error: { code: 'EPISODE_NOT_FOUND', message: '节目不存在' } });
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_AFTER_MS * 3);
    expect(errors).toEqual(['节目不存在']);
    expect(syncs).toHaveLength(1);
  });

  it('a gap seen while a sync is on its way is synced again even when that sync fails', async () => {
    const { socket, syncs, follower } = follow();
    syncs[0].answer(snapshotAt(3));
    await flush();
    socket.emit('episode:event', eventAt(6)); // 4 and 5 were missed
    expect(syncs).toHaveLength(2);
    socket.emit('episode:event', eventAt(7)); // another gap while that sync is out
    expect(syncs).toHaveLength(2);
    syncs[1].answer({ ok: false, error: { code: 'EPISODE_NOT_FOUND', message: '节目不存在' } });
    await flush();
    expect(syncs).toHaveLength(3);
    expect(syncs[2].sinceSeq).toBe(3);
    expect(follower.state?.seq).toBe(3);
  });

  it('stops listening and retrying once stopped', async () => {
    vi.useFakeTimers();
    const { socket, syncs, follower } = follow();
    syncs[0].answer(noAnswer);
    await vi.advanceTimersByTimeAsync(0);
    follower.stop();
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_AFTER_MS * 2);
    socket.reconnect();
    expect(syncs).toHaveLength(1);
  });
});
