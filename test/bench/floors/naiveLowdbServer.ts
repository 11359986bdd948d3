import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { Server } from 'socket.io';
import { AppealCreate } from '../../../shared/protocol/commands';
import { answerIpc, emit, options, runMain } from '../lib/childSide';

/**
 * Baseline of burst intake: the naive store the issue compares with. The whole data (a catalogue
 * with one admin and one unit, and one live episode with its appeals, one event and one command
 * record per command, roughly what the product keeps) sits in ONE lowdb file written with lowdb's own
 * JSONFile adapter. Each appeal:create is validated with the product's zod schema, pushed, and acked
 * after `await db.write()`: the whole file rewritten per command. (lowdb's writer, steno, lets a write
 * that arrives while one is running wait and share the next one; that is lowdb as shipped.)
 */
interface NaiveAppeal {
  id: string;
  no: number;
  status: 'received';
  receivedAt: string;
  version: number;
  [field: string]: unknown;
}

interface NaiveData {
  catalogue: { units: Record<string, object>; accounts: Record<string, object> };
  episode: { id: string; status: 'live'; nextAppealNo: number; version: number; appeals: Record<string, NaiveAppeal>; appealOrder: string[] };
  events: object[];
  commands: Record<string, { command: string; at: string; events: [number, number] }>;
}

runMain(
  async () => {
    const dir = options().dir;
    if (!dir) throw new Error('--dir is required');
    const episodeId = randomUUID().replace(/-/g, '').slice(0, 20);
    const initial: NaiveData = {
      catalogue: {
        units: { u1: { id: 'u1', name: '压测单位', kind: 'department', level: '市级', version: 1 } },
        accounts: { a1: { id: 'a1', username: 'admin', role: 'admin', displayName: '管理员' } },
      },
      episode: { id: episodeId, status: 'live', nextAppealNo: 1, version: 2, appeals: {}, appealOrder: [] },
      events: [],
      commands: {},
    };
    const db = new Low<NaiveData>(new JSONFile<NaiveData>(join(dir, 'naive.json')), initial);
    await db.write();

    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    io.on('connection', (socket) => {
      socket.on('appeal:create', async (payload: unknown, ack: (r: unknown) => void) => {
        const parsed = AppealCreate.safeParse(payload);
        if (!parsed.success) return ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: parsed.error.message } });
        const { commandId, episodeId: _episode, ...fields } = parsed.data;
        const data = db.data;
        const at = new Date().toISOString();
        const appeal: NaiveAppeal = { id: randomUUID().replace(/-/g, '').slice(0, 20), no: data.episode.nextAppealNo, ...fields, status: 'received', receivedAt: at, version: 1 };
        data.episode.appeals[appeal.id] = appeal;
        data.episode.appealOrder.push(appeal.id);
        data.episode.nextAppealNo += 1;
        data.episode.version += 1;
        const seq = data.events.length + 1;
        const { appeals: _a, appealOrder: _o, ...episode } = data.episode;
        data.events.push({ type: 'appeal.received', episodeId, seq, at, command: 'appeal:create', commandId, appeal, episode, changes: [] });
        data.commands[commandId] = { command: 'appeal:create', at, events: [seq, seq] };
        await db.write();
        ack({ ok: true, data: { appeal, seq } });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc();
    process.once('SIGTERM', () => io.close(() => process.exit(0)));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, episodeId, file: join(dir, 'naive.json') });
  },
  { exitWhenDone: false },
);
