import { watchEventLoop } from './eventLoop';

/**
 * The child half of BenchProcess: result lines on stdout with a `bench` key, the heap over IPC, and
 * a clean exit code. Every bench child process (server, floor or client) uses these.
 */
export function emit(kind: string, data: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ bench: kind, ...data })}\n`);
}

/** Heap after a full collection: what the process really keeps, not garbage waiting for the next gc. */
export function heapAfterGc() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start node with --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

/**
 * Answer the runner's IPC requests: `{ type: 'heap' }` and `{ type: 'eventLoop' }` (the loop's delay
 * since this call: a server calls it once it listens) always, plus any handlers given.
 */
export function answerIpc(handlers: Record<string, (message: any) => unknown | Promise<unknown>> = {}): void {
  const eventLoop = watchEventLoop();
  process.on('message', async (message: any) => {
    try {
      if (message?.type === 'eventLoop') return process.send?.({ type: 'eventLoop', ...eventLoop.figures() });
      if (message?.type === 'heap') {
        const heap = heapAfterGc();
        eventLoop.forget();
        return process.send?.({ type: 'heap', ...heap });
      }
      const handler = handlers[message?.type];
      if (handler) process.send?.({ type: message.type, ...((await handler(message)) as object) });
    } catch (error) {
      process.send?.({ type: message?.type, error: String(error) });
    }
  });
}

/** Run a child's main: report a failure as a `{ bench: 'error' }` line the runner turns into an exception. */
export function runMain(main: () => Promise<void>, { exitWhenDone = true } = {}): void {
  main().then(
    () => {
      if (exitWhenDone) process.exit(0);
    },
    (error) => {
      emit('error', { error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
      process.exit(1);
    },
  );
}

/** Named command-line options `--name value` (and bare `--flag`). */
export function options(argv = process.argv.slice(2)): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[argv[i].slice(2)] = 'true';
    else out[argv[i].slice(2)] = argv[++i];
  }
  return out;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
