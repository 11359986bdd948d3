import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../server/app';
import { appealInput, buildStudio, commandId, ok, send, startServer, type Studio } from '../helpers/testServer';

/**
 * Login storms beside a live show: 50 logins at once, wrong or right, while an operator takes
 * calls. Password hashing (scrypt, ~32 MiB, tens of ms) must not hold the thread pool that the
 * durable writes of every ack need: the operator's ack p99 during the storm stays within 2× idle.
 */
const PASSWORD = 'password-1234';
const STORM = 50;
const SAMPLES = 400;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms (n=${values.length})`;

async function studioWith(config: Partial<AppConfig>): Promise<Studio & { usernames: string[] }> {
  const studio = await buildStudio({ server: await startServer({ config }) });
  await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
  const usernames: string[] = [];
  for (let i = 0; i < STORM; i++) {
    const username = `crew${i}x${Math.floor(Math.random() * 1e6)}`;
    await ok(studio.admin, 'account:create', { commandId: commandId(), username, displayName: `导播${i}`, role: 'operator', unitId: null, password: PASSWORD });
    usernames.push(username);
  }
  return { ...studio, usernames };
}

/** One appeal after another from the operator until `until` resolves (or `count` when idle): each ack's latency. */
async function sampleAcks(studio: Studio, stop: { done: boolean }, minimum: number): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop.done || latencies.length < minimum) {
    const started = performance.now();
    // An ack that never comes (the 10 s timeout) counts as its waiting time: that is what the operator saw.
    const answer = await send(studio.operator, 'appeal:create', appealInput(studio.episodeId)).catch(() => ({ ok: false, timedOut: true }));
    latencies.push(performance.now() - started);
    if (!('timedOut' in answer)) expect(answer.ok).toBe(true);
    if (stop.done && latencies.length >= minimum) break;
  }
  return latencies;
}

async function storm(url: string, usernames: string[], right: boolean): Promise<number[]> {
  return Promise.all(
    usernames.map(async (username) => {
      const response = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: right ? PASSWORD : 'not-the-password' }),
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
}

/** Storms one after another while the operator keeps sending, until enough acks were sampled during them. */
async function duringStorms(studio: Studio & { usernames: string[] }, right: boolean) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  const started = performance.now();
  let storms = 0;
  while (latencies.length < SAMPLES) {
    const stop = { done: false };
    const logins = storm(studio.server.url, studio.usernames, right).finally(() => (stop.done = true));
    latencies.push(...(await sampleAcks(studio, stop, 0)));
    statuses.push(...(await logins));
    storms++;
  }
  return { latencies, statuses, storms, seconds: (performance.now() - started) / 1000 };
}

describe('login storms beside a live show', () => {
  let studio: (Studio & { usernames: string[] }) | undefined;
  afterEach(async () => {
    await studio?.close();
    studio = undefined;
  });

  async function run(label: string, config: Partial<AppConfig>) {
    studio = await studioWith(config);
    const idle = await sampleAcks(studio, { done: true }, SAMPLES);
    const wrong = await duringStorms(studio, false);
    const right = await duringStorms(studio, true);
    const idleAgain = await sampleAcks(studio, { done: true }, SAMPLES);
    const baseline = [...idle, ...idleAgain];
    console.log(
      `[loginLoad] ${label}\n` +
        `  idle:                         ${fmt(baseline)}\n` +
        `  during ${STORM} wrong logins at once: ${fmt(wrong.latencies)} over ${wrong.storms} storm(s), ${wrong.seconds.toFixed(1)} s; answers ${summary(wrong.statuses)}\n` +
        `  during ${STORM} right logins at once: ${fmt(right.latencies)} over ${right.storms} storm(s), ${right.seconds.toFixed(1)} s; answers ${summary(right.statuses)}`,
    );
    return { baseline, wrong, right };
  }

  // The bound is a latency ratio; on a shared machine a neighbour's burst can spoil one
  // measurement, so a failed one is measured again (twice at most) before it counts.
  it('operator ack p99 during 50 concurrent logins, wrong or right, stays within 2× idle (one hash at a time)', { retry: 2, timeout: 240_000 }, async () => {
    const { baseline, wrong, right } = await run('hash pool: 1 at a time (the default)', {});
    expect(new Set(wrong.statuses)).toEqual(new Set([401]));
    expect(new Set(right.statuses)).toEqual(new Set([200]));
    // A floor of 1 ms keeps a sub-millisecond idle p99 from turning scheduler noise into a failure.
    const limit = 2 * Math.max(percentile(baseline, 99), 1);
    expect(percentile(wrong.latencies, 99)).toBeLessThanOrEqual(limit);
    expect(percentile(right.latencies, 99)).toBeLessThanOrEqual(limit);
  });

  it.runIf(process.env.LOGIN_LOAD_COMPARE === 'true')('for comparison: hashes let through unbounded (as before the pool), and two at a time', async () => {
    await run('hash pool: unbounded (every login hashes at once, as before)', { passwordHashConcurrency: 1000 });
    await studio!.close();
    studio = undefined;
    await run('hash pool: 2 at a time', { passwordHashConcurrency: 2 });
  }, 480_000);
});

function summary(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n}× ${status}`).join(', ');
}
