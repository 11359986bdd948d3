import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Sampling interval of the event-loop monitor; each sample holds it, so it is subtracted from what is reported. */
const RESOLUTION_MS = 5;

export interface EventLoopFigures {
  /** The longest the loop was blocked beyond the sampling interval, in ms. */
  maxMs: number;
  /** The highest p99 of the segments (see `forget`): never lower than the true p99 of the whole. */
  p99Ms: number;
  meanMs: number;
  samples: number;
}

const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

/**
 * Watch this process's event loop with `perf_hooks.monitorEventLoopDelay` from now on. The issue's
 * rule is that nothing may block the loop for more than ~50 ms while it serves: every scenario
 * asks its product server (and its floors) for these figures before stopping them.
 */
export function watchEventLoop(): { figures: () => EventLoopFigures; forget: () => void } {
  const done: Array<{ max: number; p99: number; mean: number; count: number }> = [];
  const start = () => {
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    return histogram;
  };
  const summary = (h: IntervalHistogram) => ({ max: h.max, p99: h.percentile(99), mean: h.mean, count: h.count });
  let current = start();
  return {
    figures() {
      const segments = [...done, summary(current)].filter((s) => s.count > 0);
      const samples = segments.reduce((n, s) => n + s.count, 0);
      return {
        maxMs: ms(Math.max(0, ...segments.map((s) => s.max))),
        p99Ms: ms(Math.max(0, ...segments.map((s) => s.p99))),
        meanMs: samples ? ms(segments.reduce((sum, s) => sum + s.mean * s.count, 0) / samples) : 0,
        samples,
      };
    },
    // The bench's own forced gc (heap figures) blocks the loop, and that is not the product's doing.
    // Called right after the gc, before the monitor's timer fires: that segment is closed without the
    // gc's delay (a histogram disabled and enabled again would still count it) and a new one starts.
    forget() {
      current.disable();
      done.push(summary(current));
      current = start();
    },
  };
}
