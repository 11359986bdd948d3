import { statfs } from 'node:fs/promises';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a command ended, for the ack histogram: done, refused by a rule or validation, or failed (a bug, the disk). */
export type CommandOutcome = 'ok' | 'refused' | 'failed';

/** What the metrics ask of the running server when Prometheus scrapes (counted then, not kept up to date). */
export interface MetricsSources {
  /** Live sockets by role. */
  socketsByRole(): Record<string, number>;
  /** The data folder whose disk is watched (lowdb), or undefined on PostgreSQL. */
  dataDir?: string;
}

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The server's Prometheus metrics, in a registry of its own (several servers in one test process do
 * not share counters). Named `zfrx_…`; Node's own (memory, event-loop delay, GC, handles) come from
 * prom-client's default metrics with the same prefix.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly commandAck = new Histogram({
    name: 'zfrx_command_ack_seconds',
    help: 'Time from a command arriving to its ack leaving (after the change is durable), by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly commitEvents = new Histogram({
    name: 'zfrx_store_commit_events',
    help: 'Events made durable by one store write (the group-commit batch size)',
    buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'zfrx_store_commit_seconds',
    help: 'Time of one durable store write (append and fdatasync on lowdb; the transaction on PostgreSQL), by what was written',
    labelNames: ['target'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly storageErrors = new Counter({
    name: 'zfrx_storage_errors_total',
    help: 'Store writes that failed (nothing of them was acknowledged), by what was written',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });
  readonly eventsFannedOut = new Counter({
    name: 'zfrx_events_broadcast_total',
    help: 'Episode events broadcast to the clients of this node, by audience (full or masked)',
    labelNames: ['audience'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'zfrx_' });
    const sockets = new Gauge({
      name: 'zfrx_sockets',
      help: 'Live Socket.IO connections on this node, by role',
      labelNames: ['role'] as const,
      registers: [this.registry],
      collect() {
        sockets.reset();
        for (const [role, count] of Object.entries(sources.socketsByRole())) sockets.set({ role }, count);
      },
    });
    const dataDir = sources.dataDir;
    if (dataDir) {
      const free = new Gauge({
        name: 'zfrx_disk_free_bytes',
        help: 'Free space for the data folder (what an unprivileged process may still write)',
        registers: [this.registry],
        async collect() {
          const stats = await statfs(dataDir);
          free.set(Number(stats.bavail) * Number(stats.bsize));
        },
      });
      const size = new Gauge({
        name: 'zfrx_disk_size_bytes',
        help: 'Size of the data folder’s disk',
        registers: [this.registry],
        async collect() {
          const stats = await statfs(dataDir);
          size.set(Number(stats.blocks) * Number(stats.bsize));
        },
      });
    }
  }

  /** Time one command from its arrival; the returned function records it when the ack leaves. */
  startCommand(command: string): (outcome: CommandOutcome) => void {
    const end = this.commandAck.startTimer({ command });
    return (outcome) => end({ outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
