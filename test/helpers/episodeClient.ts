import { io as connect } from 'socket.io-client';
import { appealOnAir, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import { EpisodeFollower } from '../../client/src/api/episodeFollower';
import type { Role } from '../../shared/domain/types';
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
 * The product's EpisodeFollower (what useEpisode.ts runs in the browser) on a test socket, recording
 * every seq it applied, each sync it sent and each refusal.
 */
export class EpisodeClient {
  state: EpisodeState | null = null;
  applied: Applied[] = [];
  syncs = 0;
  gapResyncs = 0;
  connects = 0;
  errors: string[] = [];
  private readonly follower: EpisodeFollower;

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly socket: ClientSocket,
    readonly episodeId: string,
  ) {
    socket.on('connect', () => this.connects++);
    socket.on('episode:event', (event: EpisodeEvent) => {
      // An event that does not follow the held seq makes the follower sync again: count those.
      const held = this.follower?.state?.seq;
      if (event.episodeId === episodeId && held !== undefined && event.seq > held + 1) this.gapResyncs++;
    });
    this.follower = new EpisodeFollower(socket, episodeId, (sinceSeq) => sendCommand(socket, 'episode:sync', { episodeId, sinceSeq }), {
      state: (next) => (this.state = next),
      error: (message) => {
        if (message) this.errors.push(message);
      },
      applied: (state, via) => this.applied.push({ seq: state.seq, via, onAirAppealId: appealOnAir(state)?.id ?? null }),
      syncSent: () => this.syncs++,
    });
  }

  stop(): void {
    this.follower.stop();
  }
}
