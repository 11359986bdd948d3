import type { Challenge } from 'altcha-lib';

/**
 * The page's proof-of-work: fetch a challenge and solve it in a worker as soon as the page opens, so
 * it is usually done before the citizen finishes typing. `payload()` waits for it when it is not.
 */
export class ProofOfWork {
  private current: Promise<string | null> | null = null;
  private worker: Worker | null = null;

  constructor(private readonly onChange: (state: 'working' | 'done' | 'failed') => void) {}

  start(): void {
    this.worker?.terminate();
    this.onChange('working');
    const run = (async () => {
      const response = await fetch('/api/public/messages/altcha/challenge', { credentials: 'omit', headers: { accept: 'application/json' } });
      const body = (await response.json()) as { ok: boolean; data?: Challenge };
      if (!body.ok || !body.data) return null;
      const worker = new Worker(new URL('./altchaWorker.ts', import.meta.url), { type: 'module' });
      this.worker = worker;
      return new Promise<string | null>((resolve) => {
        worker.onmessage = (event: MessageEvent<string | null>) => {
          resolve(event.data);
          worker.terminate();
        };
        worker.onerror = () => {
          resolve(null);
          worker.terminate();
        };
        worker.postMessage(body.data);
      });
    })().catch(() => null);
    this.current = run;
    void run.then((payload) => {
      if (this.current === run) this.onChange(payload ? 'done' : 'failed');
    });
  }

  /** The solved payload (waiting for it if needed); null when it could not be solved. */
  payload(): Promise<string | null> {
    if (!this.current) this.start();
    return this.current!;
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
