import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { seededRandom as random } from '../../helpers/seededRandom';
import { citizenMessages, type CitizenMessage } from '../lib/citizenMessages';
import { emit, nowMs, options, runMain } from '../lib/childSide';
import { bounds, phaseAt, startSignal, until, type Phase, type Timeline } from '../lib/specialTimeline';
import { roundSummary, summarize } from '../lib/stats';

/**
 * The 市长上线 scenario's phones (scenarios/messages.ts): `--phones N` citizens leave a message on the
 * public page's API for `--episode` during the phones phase (lib/specialTimeline.ts), at random
 * instants spread over it (a Poisson stream of N arrivals), without waiting for each other (open loop:
 * a phone does not wait for another phone's receipt). Then the tail: more phones at the same rate
 * while the runner SIGKILLs the server.
 *
 * Before the start, as a phone does while its citizen types: GET the form data (the categories),
 * GET one ALTCHA challenge per message and solve it with altcha-lib's solver (Node's PBKDF2 here,
 * Web Crypto in the page). That work is the phone's, not the server's: it is done and timed before the
 * run (`presolveSeconds`); the server still verifies every solution when the message arrives.
 * Each message: `POST /api/public/messages/:episodeId`, latency = send → the receipt's body read.
 * Writes every 201 receipt as `{ phone, text, receipt, phase }` to `--out`.
 */
const SLOW_MS = 1_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** How many slow receipts were sent in each second of the window, as "second:count" runs. */
function slowBySecond(slow: Array<{ sentAtS: number }>): string {
  const counts = new Map<number, number>();
  for (const { sentAtS } of slow) counts.set(Math.floor(sentAtS), (counts.get(Math.floor(sentAtS)) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
}

runMain(async () => {
  const args = options();
  const url = args.url;
  const episodeId = args.episode;
  const phones = Number(args.phones);
  const seconds = Number(args.seconds);
  const tailSeconds = Number(args.tailSeconds);
  const tailPhones = Math.ceil((phones / seconds) * tailSeconds);

  const form = await (await fetch(`${url}/api/public/messages/${episodeId}`)).json();
  if (!form.ok || !form.data.open) throw new Error(`episode ${episodeId} takes no messages: ${JSON.stringify(form)}`);
  const messages = citizenMessages(phones + tailPhones, form.data.categories);

  // The phones' own work, before the clock starts: fetch and solve one challenge per message.
  const t0 = performance.now();
  const payloads: string[] = new Array(messages.length);
  let next = 0;
  let attempts = 0;
  const solveOne = async (i: number) => {
    const response = await fetch(`${url}/api/public/messages/altcha/challenge`, { headers: { accept: 'application/json' } });
    const body = (await response.json()) as { ok: boolean; data?: Challenge; error?: unknown };
    if (!body.ok || !body.data) throw new Error(`no challenge (${response.status}): ${JSON.stringify(body.error)}`);
    const challenge = body.data;
    const solution = await solveChallenge({ challenge, deriveKey, timeout: 120_000 });
    if (!solution) throw new Error('a challenge was not solved in 120 s');
    attempts += solution.counter + 1;
    // The payload exactly as the page's worker builds it (client/src/screens/public/altchaWorker.ts).
    payloads[i] = Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
  };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages.length) await solveOne(next++);
    }),
  );
  const presolveSeconds = (performance.now() - t0) / 1000;

  const start = startSignal();
  emit('ready', { messages: messages.length, presolveSeconds, meanAttempts: attempts / messages.length });
  const timeline: Timeline = { startAt: await start, seconds, tailSeconds };
  const b = bounds(timeline);
  // Arrival instants: uniform over the window, sorted (N arrivals of a Poisson stream), then the tail's.
  const rand = random(16);
  const at = [
    ...Array.from({ length: phones }, () => b.phonesFrom + rand() * (b.phonesUntil - b.phonesFrom)).sort((x, y) => x - y),
    ...Array.from({ length: tailPhones }, () => b.tailFrom + rand() * (b.end - b.tailFrom)).sort((x, y) => x - y),
  ];

  const latencies: number[] = [];
  const acked: Array<{ phone: string; text: string; receipt: string; phase: Phase }> = [];
  const refusals: Record<string, number> = {};
  let firstRefusal: unknown = null;
  let duplicates = 0;
  /** Sent but never answered: the server was gone (the tail's SIGKILL; anywhere else it is a failure). */
  const failed: Record<string, number> = {};
  let windowAcked = 0;
  let lastWindowAckAt = b.phonesFrom;
  let lateStarts = 0;
  /** Messages of the window answered after more than SLOW_MS: when they were sent (s into the window), the wait for the answer's headers and in all (ms). */
  const slow: Array<{ sentAtS: number; headersMs: number; totalMs: number; status: number }> = [];
  const post = async (message: CitizenMessage, payload: string) => {
    const sentAt = nowMs();
    const phase = phaseAt(timeline, sentAt);
    try {
      const response = await fetch(`${url}/api/public/messages/${episodeId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...message, altcha: payload }),
      });
      const headersAt = nowMs();
      const body = await response.json();
      const doneAt = nowMs();
      if (response.status === 201 && body.ok) {
        acked.push({ phone: message.phone, text: message.text, receipt: body.data.receipt, phase });
        if (phase === 'phones') {
          latencies.push(doneAt - sentAt);
          if (doneAt - sentAt > SLOW_MS) slow.push({ sentAtS: round1((sentAt - b.phonesFrom) / 1000), headersMs: Math.round(headersAt - sentAt), totalMs: Math.round(doneAt - sentAt), status: response.status });
          windowAcked += 1;
          lastWindowAckAt = Math.max(lastWindowAckAt, doneAt);
        }
      } else {
        if (body?.ok && body.data?.duplicate) duplicates += 1;
        const code = body?.error?.code ?? `HTTP ${response.status}`;
        refusals[code] = (refusals[code] ?? 0) + 1;
        firstRefusal ??= body?.error ?? body;
      }
    } catch {
      // The server is gone (the SIGKILL in the tail): no receipt, nothing promised.
      failed[phase] = (failed[phase] ?? 0) + 1;
    }
  };
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < at.length; i++) {
    const wait = at[i] - nowMs();
    if (wait > 0) await until(at[i]);
    else if (wait < -50) lateStarts += 1;
    inFlight.push(post(messages[i], payloads[i]));
  }
  await Promise.all(inFlight);
  await writeFile(args.out, JSON.stringify(acked));

  const windowSeconds = (b.phonesUntil - b.phonesFrom) / 1000;
  emit('result', {
    phones,
    seconds,
    tailPhones,
    presolveSeconds,
    meanAttempts: attempts / messages.length,
    acked: acked.length,
    windowAcked,
    // Acked messages of the window over the time from its start to the last of their receipts (at least the window).
    perSecond: windowAcked / Math.max(windowSeconds, (lastWindowAckAt - b.phonesFrom) / 1000),
    offeredPerSecond: phones / windowSeconds,
    refused: Object.values(refusals).reduce((s, n) => s + n, 0),
    refusals,
    firstRefusal,
    duplicates,
    failed,
    lateStarts,
    ackLatency: roundSummary(summarize(latencies)),
    // Where the slow receipts were (a stall of the server, or of this process, shows as a cluster in time).
    slowReceipts: { overMs: SLOW_MS, count: slow.length, first: slow.slice(0, 5), sentAtS: slowBySecond(slow) },
  });
});
