import { nowMs } from './childSide';

/**
 * The 市长上线 scenario's clock (scenarios/messages.ts), shared by its two client processes and the
 * runner: all three get the same wall-clock start (`startAt`, ms since the epoch, as `nowMs()` reads
 * it) and cut the run the same way.
 *
 *   [0, D/2)        operators alone        (first half of the "without phones" figure)
 *   [D/2, 3D/2)     operators + phones     (the timed minute: D = 60 s in the full run)
 *   [3D/2, 2D)      operators alone        (second half: state growth and drift hit both sides alike)
 *   [2D, 2D + T)    tail: both keep going, and the runner SIGKILLs the server in the middle of it
 *
 * A command or message belongs to the phase in which it was sent.
 */
export type Phase = 'before' | 'alone' | 'phones' | 'tail' | 'after';

export interface Timeline {
  startAt: number;
  seconds: number;
  tailSeconds: number;
}

export function bounds({ startAt, seconds, tailSeconds }: Timeline) {
  const d = seconds * 1000;
  return {
    start: startAt,
    phonesFrom: startAt + d / 2,
    phonesUntil: startAt + (3 * d) / 2,
    tailFrom: startAt + 2 * d,
    end: startAt + 2 * d + tailSeconds * 1000,
  };
}

export function phaseAt(timeline: Timeline, at: number): Phase {
  const b = bounds(timeline);
  if (at < b.start) return 'before';
  if (at < b.phonesFrom) return 'alone';
  if (at < b.phonesUntil) return 'phones';
  if (at < b.tailFrom) return 'alone';
  if (at < b.end) return 'tail';
  return 'after';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sleep until a wall-clock instant (ms since the epoch, `nowMs()`). */
export function until(at: number): Promise<void> {
  return sleep(at - nowMs());
}

/** In a client process: the runner's `{ type: 'start', startAt }` over IPC. */
export function startSignal(): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: any) => {
      if (message?.type !== 'start') return;
      process.off('message', onMessage);
      resolve(Number(message.startAt));
    };
    process.on('message', onMessage);
  });
}
