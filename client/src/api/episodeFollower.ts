import { applyEvent, type EpisodeEvent, type EpisodeState } from '../../../shared/domain/episodeState';
import type { Ack, SyncResult } from '../../../shared/protocol/events';

/** Refusals that mean "too many at once", not "wrong": the sync is sent again after a pause. */
const RETRY_LATER = new Set<string>(['SYNC_TOO_FREQUENT', 'TOO_MANY_PENDING']);
/** What the wire answers when the server did not answer in time (client/src/api/socket.ts). */
const NO_ANSWER = 'INTERNAL';
/**
 * Refusals that asking again will not change (no such episode, not allowed, a bad request). Any other
 * (a server still starting after a restart, storage trouble, no answer) is asked again after a pause:
 * until a sync is answered the socket is not subscribed, and a screen would sit on its last call.
 */
const FINAL = new Set<string>(['EPISODE_NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'VALIDATION_FAILED']);
const SYNC_UNANSWERED = '服务器没有及时回应，正在重新同步…';
export const SYNC_RETRY_AFTER_MS = 1_500;
/**
 * A sync not answered in this time is given up and sent again: an answer lost on a live connection
 * must not leave a screen unsubscribed for the 15 s a command may wait.
 */
export const SYNC_WAIT_MS = 6_000;

/** The little of a Socket.IO client socket the follower needs, so tests and the hook share it. */
export interface FollowedSocket {
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'episode:event', listener: (event: EpisodeEvent) => void): unknown;
  on(event: 'episode:resyncRequired', listener: (info: { episodeId: string }) => void): unknown;
  off(event: 'connect', listener: () => void): unknown;
  off(event: 'episode:event', listener: (event: EpisodeEvent) => void): unknown;
  off(event: 'episode:resyncRequired', listener: (info: { episodeId: string }) => void): unknown;
}

export interface FollowerObserver {
  /** The state to show now (a fresh object each time), or null while there is none. */
  state(next: EpisodeState | null): void;
  /** A refusal's message to show, or null once a sync succeeded. */
  error(message: string | null): void;
  /** Each seq as it is applied, with how it came: for tests that check every seq is applied once. */
  applied?(state: EpisodeState, via: 'snapshot' | 'event' | 'replay'): void;
  /** Each sync sent (tests count them). */
  syncSent?(): void;
}

/**
 * One episode's state kept in step with the server: a snapshot or the missed events on every
 * (re)connect, then live events applied with the shared reducer. An event out of sequence means
 * something was missed, so it syncs again rather than show a stale call.
 *
 * The server subscribes a socket to the episode only when it answers a sync on that connection. So a
 * sync whose connection was cut before its answer must never hold up the sync of the next connection:
 * the follower would stay unsubscribed, a screen frozen on its last call. Each connect starts a sync
 * of its own and an answer to an older connection's sync is dropped; a sync left unanswered while
 * connected is sent again after a pause.
 */
export class EpisodeFollower {
  private current: EpisodeState | null = null;
  private syncing = false;
  /** A gap noticed while a sync is on its way: sync once more when it returns, rather than drop it. */
  private again = false;
  /** Bumped by every connect and every sync: only the answer to the latest sync counts (an older one may be older than what is shown). */
  private latest = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly socket: FollowedSocket,
    private readonly episodeId: string,
    private readonly requestSync: (sinceSeq: number | null) => Promise<Ack<SyncResult>>,
    private readonly observer: FollowerObserver,
  ) {
    socket.on('connect', this.onConnect);
    socket.on('episode:event', this.onEvent);
    socket.on('episode:resyncRequired', this.onResync);
    if (socket.connected) void this.sync();
  }

  get state(): EpisodeState | null {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket.off('connect', this.onConnect);
    this.socket.off('episode:event', this.onEvent);
    this.socket.off('episode:resyncRequired', this.onResync);
  }

  private readonly onConnect = () => {
    this.latest++;
    this.syncing = false;
    void this.sync();
  };

  private readonly onEvent = (event: EpisodeEvent) => {
    const current = this.current;
    if (event.episodeId !== this.episodeId || !current || event.seq <= current.seq) return;
    const next = structuredClone(current);
    if (applyEvent(next, event)) {
      this.observer.applied?.(next, 'event');
      this.publish(next);
    } else void this.sync();
  };

  private readonly onResync = (info: { episodeId: string }) => {
    if (info.episodeId !== this.episodeId) return;
    this.publish(null);
    void this.sync();
  };

  private publish(next: EpisodeState | null): void {
    this.current = next;
    this.observer.state(next ? { ...next } : null);
  }

  private later(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.sync();
    }, SYNC_RETRY_AFTER_MS);
  }

  async sync(): Promise<void> {
    if (this.stopped) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    this.again = false;
    const token = ++this.latest;
    this.observer.syncSent?.();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const givenUp = new Promise<Ack<SyncResult>>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: { code: NO_ANSWER, message: SYNC_UNANSWERED } }), SYNC_WAIT_MS);
      (timer as { unref?: () => void }).unref?.();
    });
    const response = await Promise.race([this.requestSync(this.current?.seq ?? null), givenUp]);
    clearTimeout(timer);
    // A reconnect or a later sync started meanwhile: this answer came on a dead connection, or is older than what that one brings.
    if (this.stopped || token !== this.latest) return;
    this.syncing = false;
    if (!response.ok) {
      this.observer.error(response.error.message);
      if (this.again) return void this.sync();
      // Unanswered while connected, or refused for now: without an answer this socket is not
      // subscribed, so ask again rather than sit on a stale state.
      if (RETRY_LATER.has(response.error.code) || (!FINAL.has(response.error.code) && this.socket.connected)) this.later();
      return;
    }
    this.observer.error(null);
    const merged = this.merge(response.data);
    this.publish(merged);
    if (!merged || this.again) void this.sync(); // the replay did not fit, or a gap was seen meanwhile
  }

  private merge(result: SyncResult): EpisodeState | null {
    if (result.mode === 'snapshot') {
      this.observer.applied?.(result.snapshot, 'snapshot');
      return result.snapshot;
    }
    if (!this.current) return null;
    const next = structuredClone(this.current);
    const steps: EpisodeState[] = [];
    for (const event of result.events) {
      if (event.seq <= next.seq) continue;
      if (!applyEvent(next, event)) return null;
      if (this.observer.applied) steps.push(structuredClone(next));
    }
    // Told only once the whole replay fitted: a replay that did not is started again from a snapshot.
    for (const step of steps) this.observer.applied?.(step, 'replay');
    return next;
  }
}
