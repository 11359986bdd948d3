import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Sampling interval of the event-loop monitor; each sample holds it, so it is subtracted from what is reported. */
const RESOLUTION_MS = 5;

export interface EventLoopFigures {
  /** The longest the loop was blocked beyond the sampling interval, in ms. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
}

/**
 * Watch this process's event loop with `perf_hooks.monitorEventLoopDelay` from now on. The issue's
 * rule is that nothing may block the loop for more than ~50 ms while it serves: every scenario
 * asks its product server for these figures before stopping it.
 */
export function watchEventLoop(): { figures: () => EventLoopFigures; forget: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    figures: () => ({ maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean), samples: histogram.count }),
    // The bench's own forced gc (heap figures) blocks the loop; what it records is not the product's.
    forget: () => void setTimeout(() => histogram.reset(), RESOLUTION_MS * 4),
  };
}
