import { io as connect } from 'socket.io-client';
import { appealOnAir, applyEvent, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Role } from '../../shared/domain/types';
import type { SyncResult } from '../../shared/protocol/events';
import type { ClientSocket } from './testServer';

/** A socket that reconnects by itself, fast, with the session cookie (never expires during the test). */
export function reconnectingSocket(url: string, cookie: string): ClientSocket {
  return connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 300,
    randomizationFactor: 0.5,
  }) as ClientSocket;
}

/** sendCommand of client/src/api/socket.ts: a lost connection answers with an error instead of hanging. */
export async function sendCommand(socket: ClientSocket, event: string, payload: unknown): Promise<any> {
  try {
    return await (socket.timeout(15_000) as any).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '服务器没有及时回应' } };
  }
}

export interface Applied {
  seq: number;
  via: 'snapshot' | 'event' | 'replay';
  onAirAppealId: string | null;
}

/**
 * The logic of useEpisode.ts without React: sync on connect with the local seq, apply live events
 * with the shared reducer, re-sync on a gap, ignore seq ≤ local seq; a replay that does not fit
 * starts again from a snapshot; resyncRequired drops the state. Records every seq it applied.
 */
export class EpisodeClient {
  state: EpisodeState | null = null;
  applied: Applied[] = [];
  syncs = 0;
  gapResyncs = 0;
  connects = 0;
  errors: string[] = [];
  private syncing = false;

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly socket: ClientSocket,
    readonly episodeId: string,
  ) {
    socket.on('connect', () => {
      this.connects++;
      void this.sync();
    });
    socket.on('episode:event', (event) => this.onEvent(event as EpisodeEvent));
    socket.on('episode:resyncRequired', (info: { episodeId: string }) => {
      if (info.episodeId !== episodeId) return;
      this.state = null;
      void this.sync();
    });
    if (socket.connected) void this.sync();
  }

  private record(state: EpisodeState, via: Applied['via']) {
    this.applied.push({ seq: state.seq, via, onAirAppealId: appealOnAir(state)?.id ?? null });
  }

  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.syncs++;
    const response = await sendCommand(this.socket, 'episode:sync', { episodeId: this.episodeId, sinceSeq: this.state?.seq ?? null });
    this.syncing = false;
    if (!response.ok) {
      this.errors.push(response.error.message);
      return;
    }
    const result = response.data as SyncResult;
    if (result.mode === 'snapshot') {
      this.state = result.snapshot;
      this.record(this.state, 'snapshot');
      return;
    }
    if (!this.state) return void this.sync();
    const next = structuredClone(this.state);
    const steps: Applied[] = [];
    for (const event of result.events) {
      if (event.seq <= next.seq) continue;
      if (!applyEvent(next, event)) {
        this.state = null; // the replay did not fit: start again from a snapshot
        return void this.sync();
      }
      steps.push({ seq: next.seq, via: 'replay', onAirAppealId: appealOnAir(next)?.id ?? null });
    }
    this.state = next;
    this.applied.push(...steps);
  }

  private onEvent(event: EpisodeEvent) {
    const current = this.state;
    if (event.episodeId !== this.episodeId || !current || event.seq <= current.seq) return;
    const next = structuredClone(current);
    if (applyEvent(next, event)) {
      this.state = next;
      this.record(next, 'event');
    } else {
      this.gapResyncs++;
      void this.sync();
    }
  }
}
