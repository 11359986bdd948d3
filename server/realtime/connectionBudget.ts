import { ERROR_MESSAGES } from '../../shared/domain/errors';
import type { AppSocket } from './types';

/**
 * What one connection may cost the server. A display link needs no password, so the big screen is
 * the easiest door for a hostile or broken client: every limit here is per socket, and none of them
 * can be reached by a screen that behaves like ours (one sync at a time, a few commands at a time).
 */
export const CONNECTION_BUDGET = {
  /** Commands of one socket being worked on at once; more are answered TOO_MANY_PENDING at once. A console sends one or two. */
  maxCommandsInFlight: 32,
  /** `episode:sync` token bucket: a burst for a reconnect plus a gap or two, then a steady rate. */
  syncBurst: 5,
  syncPerSecond: 2,
  /**
   * Bytes the server may hold for a socket that is not reading, beyond the largest single message
   * queued since it last caught up (a legitimately huge snapshot must still fit through a slow link).
   */
  maxHeldBytes: 8 * 1024 * 1024,
  /** Behind (holding more than `smallBytes`) with not one byte taken by the client for this long: cut. */
  maxStalledMs: 10_000,
  /** Below this the socket counts as caught up: a normal episode's snapshot (~100 KB for 50 appeals) fits. */
  smallBytes: 256 * 1024,
  /** How often every socket is checked for a stall. */
  checkEveryMs: 1_000,
  /** After the reason is sent, how long the connection may take to deliver it before it is cut hard. */
  closeGraceMs: 5_000,
};

export type ConnectionBudgetSettings = typeof CONNECTION_BUDGET;

/** The parts of an engine.io socket this module reads: its queue of unsent packets and its transport. */
interface EngineInternals {
  readyState: string;
  writeBuffer: Array<{ data?: unknown }>;
  packetsFn?: unknown[];
  transport: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void; _socket?: { bytesWritten?: number; writableLength?: number } } };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
  close(discard?: boolean): void;
}

/**
 * Memory a queued packet may hold: a string at most two bytes a character (measured without
 * flattening it). Broadcasts and shared snapshots are one string for every socket, so this is what
 * the socket would cost alone: an upper bound.
 */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length * 2;
  if (data && typeof data === 'object' && 'byteLength' in data) return Number((data as { byteLength: number }).byteLength);
  return 0;
}

/**
 * One socket's budget: commands in flight, the sync token bucket, and the bytes waiting to go out.
 * Bytes are counted where they wait: engine.io's write buffer (packets queued while the transport
 * is busy) and, for WebSocket, ws's `bufferedAmount` (written but not yet taken by the kernel).
 */
export class ConnectionBudget {
  private inFlight = 0;
  private tokens: number;
  private refilledAt: number;
  /** Bytes in engine.io's write buffer (packets not yet handed to the transport). */
  private queued = 0;
  private largestSinceCaughtUp = 0;
  private flushes = 0;
  private lastMark = -1;
  private behindSince: number | null = null;
  private cut = false;

  constructor(
    private readonly socket: AppSocket,
    private readonly now: () => number,
    private readonly settings: ConnectionBudgetSettings = CONNECTION_BUDGET,
    private readonly onCut: (held: number) => void = () => undefined,
  ) {
    this.tokens = settings.syncBurst;
    this.refilledAt = now();
    const conn = this.engine();
    conn.on('packetCreate', (packet) => {
      const size = sizeOf(packet.data);
      this.queued += size;
      if (size > this.largestSinceCaughtUp) this.largestSinceCaughtUp = size;
      // Checked as the bytes arrive, so a flood is stopped at the budget, not a second later.
      if (!this.cut && this.held() > this.settings.maxHeldBytes + this.largestSinceCaughtUp) this.cutOff();
    });
    conn.on('flush', () => {
      this.queued = 0;
      this.flushes += 1;
    });
  }

  /** Start a command if the socket has room for one more in flight; call `finish` when it is answered. */
  tryStart(): boolean {
    if (this.inFlight >= this.settings.maxCommandsInFlight) return false;
    this.inFlight += 1;
    return true;
  }

  finish(): void {
    this.inFlight -= 1;
  }

  /** Take a sync token: 0 when granted, else the milliseconds until the next one. */
  takeSyncToken(): number {
    const now = this.now();
    const { syncBurst, syncPerSecond } = this.settings;
    this.tokens = Math.min(syncBurst, this.tokens + ((now - this.refilledAt) / 1000) * syncPerSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / syncPerSecond) * 1000);
  }

  /**
   * Still sending this socket something sizeable (a snapshot, a backlog): a client that behaves waits
   * for its answer before it asks again, so a new snapshot now would only pile up behind the last.
   */
  backlogged(): boolean {
    return this.held() > this.settings.smallBytes;
  }

  /** Bytes the server holds for this socket right now. */
  held(): number {
    return this.queued + (this.engine().transport.socket?.bufferedAmount ?? 0);
  }

  /** Called every `checkEveryMs`: cut a socket that is behind and has taken nothing for `maxStalledMs`. */
  check(): void {
    if (this.cut) return;
    if (this.held() <= this.settings.smallBytes) {
      this.behindSince = null;
      this.largestSinceCaughtUp = 0;
      return;
    }
    const now = this.now();
    const mark = this.deliveredMark();
    if (this.behindSince === null || mark !== this.lastMark) {
      // Behind but moving: a slow link that keeps reading is given time (a snapshot over weak Wi-Fi).
      this.behindSince = now;
      this.lastMark = mark;
      return;
    }
    if (now - this.behindSince >= this.settings.maxStalledMs) this.cutOff();
  }

  /** A number that grows whenever the client takes bytes: bytes the kernel accepted, or polls answered. */
  private deliveredMark(): number {
    const raw = this.engine().transport.socket?._socket;
    const accepted = raw ? (raw.bytesWritten ?? 0) - (raw.writableLength ?? 0) : 0;
    return accepted + this.flushes;
  }

  /**
   * Drop what the client has not received yet (it resyncs from its own seq), tell it why, and close.
   * engine.io would wait for its buffer to drain before closing, which a client that does not read
   * never does: after a short grace for the reason to get through, the transport is closed hard.
   */
  private cutOff(): void {
    this.cut = true;
    const held = this.held();
    const conn = this.engine();
    conn.writeBuffer.length = 0;
    if (Array.isArray(conn.packetsFn)) conn.packetsFn.length = 0;
    this.queued = 0;
    this.onCut(held);
    this.socket.emit('connection:tooSlow', { reason: ERROR_MESSAGES.CONNECTION_TOO_SLOW });
    this.socket.disconnect(true);
    const hard = setTimeout(() => {
      if (conn.readyState === 'closed') return;
      conn.writeBuffer.length = 0;
      const ws = conn.transport.socket;
      if (conn.transport.name === 'websocket' && typeof ws?.terminate === 'function') ws.terminate();
      else conn.close(true);
    }, this.settings.closeGraceMs);
    hard.unref();
  }

  private engine(): EngineInternals {
    return this.socket.conn as unknown as EngineInternals;
  }
}

const budgets = new WeakMap<AppSocket, ConnectionBudget>();

/** The budget of a connected socket (none for a socket that never passed `attachBudget`). */
export function budgetOf(socket: AppSocket): ConnectionBudget | undefined {
  return budgets.get(socket);
}

/** Give a new socket its budget; `onCut` hears of a socket cut off for being too slow. */
export function attachBudget(socket: AppSocket, settings: ConnectionBudgetSettings, onCut: (held: number) => void): ConnectionBudget {
  // Network budgets are about real time, never the studio's clock (tests run that one fast or fixed).
  const budget = new ConnectionBudget(socket, () => performance.now(), settings, onCut);
  budgets.set(socket, budget);
  return budget;
}
