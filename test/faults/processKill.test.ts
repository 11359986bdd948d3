import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { countAppeals } from '../../shared/domain/episodeState';
import { rollupEpisode, rollupPeriod } from '../../shared/domain/rollups';
import { episodeOnDisk } from '../helpers/onDisk';
import { phonedInAppeal } from '../helpers/clientSession';

/**
 * The real server in its own process, killed with SIGKILL while operators pour appeals in, then
 * restarted on the same data folder: every acknowledged appeal must be there exactly once, the files
 * must parse, seq must be gap-free, the reports must add up, and a retry must get its first answer.
 */
const FULL = process.env.FAULTS_FULL === 'true';
const ROUNDS = FULL ? 30 : 5;
const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'admin-fault-password';
const PASSWORD = 'password-1234';
const OPERATORS = 4;
const PERIOD = { from: '2025-01-01', to: '2025-12-31' };

const children = new Set<ChildProcess>();

/** A free port: a child cannot listen on 0 and tell us, so ask the OS here, then let go of it. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** `npx tsx script` in its own process group, so a kill reaches npx, tsx and node together. */
function spawnTsx(script: string, env: Record<string, string>): ChildProcess & { output: string } {
  const child = spawn('npx', ['tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true }) as ChildProcess & { output: string };
  child.output = '';
  child.stdout!.on('data', (chunk) => (child.output += chunk));
  child.stderr!.on('data', (chunk) => (child.output += chunk));
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

async function waitForOutput(child: ChildProcess & { output: string }, text: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!child.output.includes(text)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited before "${text}":\n${child.output}`);
    if (Date.now() - start > timeoutMs) throw new Error(`no "${text}" in ${timeoutMs} ms:\n${child.output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface ServerProcess {
  child: ChildProcess & { output: string };
  url: string;
}

async function startServerProcess(dataDir: string, port: number): Promise<ServerProcess> {
  const child = spawnTsx('test/faults/serverProcess.ts', { DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD });
  await waitForOutput(child, 'READY');
  return { child, url: `http://127.0.0.1:${port}` };
}

async function crash(server: ServerProcess): Promise<void> {
  killGroup(server.child, 'SIGKILL');
  await exited(server.child);
}

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login ${username} failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

async function connectAs(url: string, username: string, password: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: await login(url, username, password) }, reconnection: false, forceNew: true });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  return socket;
}

let counter = 0;
const newCommandId = () => `setup-${process.pid}-${Date.now()}-${++counter}`;

async function ok(socket: Socket, event: string, payload: object): Promise<any> {
  const response = await socket.timeout(10_000).emitWithAck(event, payload);
  if (!response.ok) throw new Error(`${event} failed: ${response.error.code} ${response.error.message}`);
  return response.data;
}

/** The payload loadClient.ts sends for a commandId: a retry must carry the same content. */
function appealPayload(episodeId: string, commandId: string) {
  return phonedInAppeal(episodeId, commandId, `压测诉求 ${commandId}`);
}

interface AckLine {
  commandId: string;
  appealId: string;
  seq: number;
  username: string;
}

function readAcks(path: string): AckLine[] {
  if (!existsSync(path)) return [];
  // Every line was written whole with one writeSync after the ack; a torn last line would be a harness bug.
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AckLine);
}

afterAll(async () => {
  for (const child of [...children]) {
    killGroup(child, 'SIGKILL');
    await exited(child);
  }
});

describe('a server killed with SIGKILL under load', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir && !process.env.FAULTS_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    `keeps every acknowledged appeal exactly once over ${ROUNDS} kills`,
    async () => {
      const started = Date.now();
      dataDir = await mkdtemp(join(tmpdir(), 'zfrx-fault-'));
      const port = await freePort();

      // Set up through a first server process, with real client commands.
      let server = await startServerProcess(dataDir, port);
      const admin = await connectAs(server.url, 'admin', ADMIN_PASSWORD);
      const { unit } = await ok(admin, 'unit:save', { commandId: newCommandId(), name: '市住房和城乡建设局', kind: 'department', level: '市级' });
      const { person } = await ok(admin, 'person:save', { commandId: newCommandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
      const { episode } = await ok(admin, 'episode:plan', {
        commandId: newCommandId(),
        date: '2025-11-25',
        slot: { start: '09:00', end: '10:00' },
        theme: '老旧小区改造与物业服务',
        host: '李主持',
        unitIds: [unit.id],
        leaderIds: [person.id],
      });
      const episodeId: string = episode.id;
      const usernames = Array.from({ length: OPERATORS }, (_, i) => `faultop${i}`);
      for (const username of usernames) {
        await ok(admin, 'account:create', { commandId: newCommandId(), username, displayName: `接线员${username}`, role: 'operator', unitId: null, password: PASSWORD });
      }
      const firstOperator = await connectAs(server.url, usernames[0], PASSWORD);
      await ok(firstOperator, 'episode:start', { commandId: newCommandId(), episodeId });
      firstOperator.disconnect();
      admin.disconnect();

      const total = { acked: 0, found: 0, lost: 0, duplicated: 0 };
      const allAcks: AckLine[] = [];

      for (let round = 1; round <= ROUNDS; round++) {
        const ackFile = join(dataDir, `acks-${round}.jsonl`);
        await writeFile(ackFile, '');
        const load = spawnTsx('test/faults/loadClient.ts', { URL: server.url, USERS: usernames.join(','), PASSWORD, EPISODE_ID: episodeId, OUT: ackFile, TAG: `r${round}`, LANES: '3' });
        await waitForOutput(load, 'LOADING');
        await new Promise((r) => setTimeout(r, 200 + Math.floor(Math.random() * 1300)));
        await crash(server);
        // The load stops by itself once its sockets see the server gone; make sure of it.
        const stopTimer = setTimeout(() => killGroup(load, 'SIGTERM'), 3000);
        await exited(load);
        clearTimeout(stopTimer);

        // What the disk holds after the crash: the checkpoint and the log's whole records.
        const catalogue = JSON.parse(readFileSync(join(dataDir, 'catalogue.json'), 'utf8'));
        expect(catalogue.episodes ?? catalogue).toBeTruthy();
        const doc = episodeOnDisk(dataDir, episodeId);
        doc.events.forEach((event, i) => expect(event.seq, `events[${i}].seq`).toBe(i + 1));
        expect(doc.state.seq).toBe(doc.events.length);

        const acks = readAcks(ackFile);
        allAcks.push(...acks);
        const receivedByCommand = new Map<string, number>();
        for (const event of doc.events) if (event.type === 'appeal.received') receivedByCommand.set(event.commandId, (receivedByCommand.get(event.commandId) ?? 0) + 1);
        const appealsBySummary = new Map<string, number>();
        for (const appeal of Object.values(doc.state.appeals)) appealsBySummary.set(appeal.summary, (appealsBySummary.get(appeal.summary) ?? 0) + 1);

        const figures = { acked: acks.length, found: 0, lost: 0, duplicated: 0 };
        const problems: string[] = [];
        for (const ack of acks) {
          const appeal = doc.state.appeals[ack.appealId];
          const record = doc.commands[ack.commandId];
          const here = appeal && appeal.summary === `压测诉求 ${ack.commandId}` && record && doc.events[record.events![0] - 1]?.commandId === ack.commandId && ack.seq <= doc.state.seq;
          if (here) figures.found++;
          else {
            figures.lost++;
            if (problems.length < 5) problems.push(`lost ${ack.commandId} → ${ack.appealId} (seq ${ack.seq}, file seq ${doc.state.seq}, appeal ${!!appeal}, record ${!!record})`);
          }
        }
        // Duplicates over everything on disk, acked or not: one appeal per command, ever.
        for (const [commandId, n] of receivedByCommand) if (n > 1) (figures.duplicated += n - 1), problems.push(`${commandId} received ${n} times`);
        for (const [summary, n] of appealsBySummary) if (n > 1 && summary.startsWith('压测诉求')) (figures.duplicated += n - 1), problems.push(`${summary} is ${n} appeals`);
        // Across rounds too: an appeal acked in an earlier round must still be there.
        for (const ack of allAcks) if (!doc.state.appeals[ack.appealId]) problems.push(`earlier ack ${ack.commandId} vanished`);

        // Restart on the same folder and compare what it reports with totals recomputed from the file.
        server = await startServerProcess(dataDir, port);
        const adminAgain = await connectAs(server.url, 'admin', ADMIN_PASSWORD);
        const last = acks[acks.length - 1];
        const operator = await connectAs(server.url, last?.username ?? usernames[0], PASSWORD);
        const sync = await ok(operator, 'episode:sync', { episodeId, sinceSeq: null });
        expect(sync.seq).toBe(doc.state.seq);
        expect(sync.snapshot).toEqual(doc.state);
        const counters = countAppeals(doc.state);
        expect(countAppeals(sync.snapshot)).toEqual(counters);
        expect(counters.received).toBe(Object.keys(doc.state.appeals).length);
        expect(counters.received).toBe(doc.events.filter((e) => e.type === 'appeal.received').length);
        const summary = await ok(adminAgain, 'reports:summary', PERIOD);
        const rollup = rollupEpisode(doc.state);
        expect(summary.total).toEqual(rollupPeriod([rollup], PERIOD));
        expect(summary.total.received).toBe(counters.received);
        expect(summary.episodes.map((e: any) => e.rollup.received)).toEqual([rollup.received]);

        // A retry of the last acked command after the restart returns its first answer.
        if (last) {
          const retried = await operator.timeout(10_000).emitWithAck('appeal:create', appealPayload(episodeId, last.commandId));
          expect(retried.ok, JSON.stringify(retried.error)).toBe(true);
          expect(retried.data.appeal.id).toBe(last.appealId);
          expect(retried.data.seq).toBe(last.seq);
        }
        operator.disconnect();
        adminAgain.disconnect();

        for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += figures[key];
        console.log(`round ${round}/${ROUNDS}: acked=${figures.acked} found=${figures.found} lost=${figures.lost} duplicated=${figures.duplicated} (file seq ${doc.state.seq}, appeals ${counters.received})`);
        expect(problems, problems.join('\n')).toEqual([]);
        expect(figures.lost).toBe(0);
        expect(figures.duplicated).toBe(0);
      }

      console.log(`total over ${ROUNDS} kills: acked=${total.acked} found=${total.found} lost=${total.lost} duplicated=${total.duplicated} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(total.acked).toBeGreaterThan(0);
      expect(total.lost).toBe(0);
      expect(total.duplicated).toBe(0);
    },
    FULL ? 20 * 60_000 : 120_000,
  );
});
