import { closeSync, openSync, writeSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import { phonedInAppeal } from '../helpers/clientSession';

/**
 * Load for the process-kill fault test, run as its own process (`npx tsx test/faults/loadClient.ts`).
 * Several operators send appeal:create with unique commandIds as fast as the acks come back; every
 * ACKED command is appended to OUT as one JSON line (written with writeSync, so it is in the OS the
 * moment the ack is seen). Runs until the server goes away or it is told to stop.
 *
 * Env: URL, USERS (comma-separated operator usernames), PASSWORD, EPISODE_ID, OUT, TAG, LANES.
 */
const { URL: url = '', USERS = '', PASSWORD = '', EPISODE_ID = '', OUT = '', TAG = 'r', LANES = '3' } = process.env;
const out = openSync(OUT, 'a');
let stopping = false;
let acked = 0;
let refused = 0;
let connected = 0;
const total = USERS.split(',').length;

function record(line: object): void {
  writeSync(out, JSON.stringify(line) + '\n');
}

/** The test rebuilds this payload from the commandId to retry it after the restart: keep the two alike. */
function appealPayload(episodeId: string, commandId: string) {
  return phonedInAppeal(episodeId, commandId, `压测诉求 ${commandId}`);
}

async function login(username: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

async function operator(username: string, index: number): Promise<void> {
  const socket: Socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: await login(username) }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  connected += 1;
  if (connected === total) process.stdout.write('LOADING\n');
  let gone = false;
  socket.on('disconnect', () => (gone = true));
  let counter = 0;
  const lane = async (laneNo: number) => {
    while (!gone && !stopping) {
      counter += 1;
      const commandId = `fault-${TAG}-${process.pid}-${index}-${laneNo}-${counter}`;
      const payload = appealPayload(EPISODE_ID, commandId);
      let response: any;
      try {
        response = await socket.timeout(10_000).emitWithAck('appeal:create', payload);
      } catch {
        return; // no ack: the server died with the command in flight, which promises nothing
      }
      if (response?.ok) {
        acked += 1;
        record({ commandId, appealId: response.data.appeal.id, seq: response.data.seq, username, at: Date.now() });
      } else {
        refused += 1;
        process.stderr.write(`refused ${commandId}: ${JSON.stringify(response?.error)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(LANES) }, (_, i) => lane(i)));
  socket.disconnect();
}

function finish(code: number): never {
  closeSync(out);
  process.stdout.write(`LOAD acked=${acked} refused=${refused}\n`);
  process.exit(code);
}

process.on('SIGTERM', () => {
  stopping = true;
  finish(0);
});

Promise.all(USERS.split(',').map((u, i) => operator(u, i)))
  .then(() => finish(0))
  .catch((error) => {
    process.stderr.write(`load failed: ${error?.message ?? error}\n`);
    finish(1);
  });
