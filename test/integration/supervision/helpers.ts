import { expect } from 'vitest';
import type { Complexity, Role } from '../../../shared/domain/types';
import type { Ack } from '../../../shared/protocol/events';
import { commandId, connectWithCookie, login, ok, type ClientSocket, type Studio, type TestServer, appealInput } from '../../helpers/testServer';
import { episodeBytes } from '../../helpers/onDisk';

/*
 * Helpers shared by the supervision tests. Everything goes through the real server: real sockets,
 * real HTTP, the real data folder. Nothing here reaches into the server except to read its files,
 * its seq, and to call checkDue() after the test moved the clock.
 */

/** A clock the test moves by hand: pass it to buildStudio({ clock }). */
export class TestClock {
  private current: Date;
  constructor(iso: string) {
    this.current = new Date(iso);
  }
  now = (): Date => new Date(this.current.getTime());
  set(iso: string): void {
    this.current = new Date(iso);
  }
  /** Move forward by some milliseconds (so that successive commands get distinct timestamps). */
  tick(ms = 1000): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  iso(): string {
    return this.current.toISOString();
  }
}

export const PASSWORD = 'password-1234';
let accountCounter = 0;

/** An account of a role, logged in over HTTP: its socket and its session cookie (for fetch). */
export async function account(server: TestServer, admin: ClientSocket, role: Role, unitId: string | null = null): Promise<{ socket: ClientSocket; cookie: string; username: string; displayName: string }> {
  accountCounter += 1;
  const username = `sv${role}${accountCounter}x${Math.floor(Math.random() * 1e6)}`;
  const displayName = `测试${role}${accountCounter}`;
  await ok(admin, 'account:create', { commandId: commandId(), username, displayName, role, unitId, password: PASSWORD });
  const cookie = await login(server.url, username, PASSWORD);
  const socket = await connectWithCookie(server.url, cookie);
  return { socket, cookie, username, displayName };
}

/** A second unit (unit B). */
export async function addUnit(admin: ClientSocket, name: string): Promise<string> {
  const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name, kind: 'department', level: '市级' });
  return unit.id;
}

export const CALLER_PHONE = '13812341234';
export const MASKED_PHONE = '138****1234';

/**
 * A new appeal taken by the operator, screened and handed over to supervision (as the studio does
 * it): the supervised appeal as the operator's ack returned it.
 */
export async function handOver(studio: Studio, options: { unitId?: string; complexity?: Complexity; summary?: string; phone?: string } = {}): Promise<any> {
  const { operator, episodeId } = studio;
  const { appeal } = await ok(
    operator,
    'appeal:create',
    appealInput(episodeId, {
      summary: options.summary ?? '小区电梯长期故障，物业不维修',
      caller: { anonymous: false, name: '王建华', title: '先生', phone: options.phone ?? CALLER_PHONE },
    }),
  );
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const handed = await ok(operator, 'appeal:handOver', {
    commandId: commandId(),
    episodeId,
    appealId: appeal.id,
    expectedVersion: queued.appeal.version,
    reason: '需会后核实办理',
    ...(options.unitId ? { unitId: options.unitId } : {}),
    ...(options.complexity ? { complexity: options.complexity } : {}),
  });
  expect(handed.appeal.status).toBe('supervised');
  return handed.appeal;
}

/**
 * Keeps track of one item's version, so each step can name the version it saw (expectedVersion).
 * Reading the version from the server's state, not from acks, keeps it right whoever moved the item.
 */
export function itemOf(server: () => TestServer, episodeId: string, appealId: string) {
  const version = () => server().app.studio.state(episodeId).appeals[appealId].version;
  const ref = () => ({ commandId: commandId(), episodeId, appealId, expectedVersion: version() });
  return {
    episodeId,
    appealId,
    ref,
    version,
    /** The item as the server holds it now. */
    current: (): any => server().app.studio.state(episodeId).appeals[appealId],
    /** Run a step that must succeed; returns the appeal from the ack. */
    async step(socket: ClientSocket, command: any, extra: object = {}): Promise<any> {
      const data = await ok(socket, command, { ...ref(), ...extra });
      return data.appeal;
    },
    /** Run a step and return the raw ack (for refusals). */
    async attempt(socket: ClientSocket, command: string, extra: object = {}): Promise<Ack<any>> {
      return raw(socket, command, { ...ref(), ...extra });
    },
  };
}

/** Send any event with any payload (bypassing the typed map) and wait for the ack. */
export function raw(socket: ClientSocket, event: string, payload: unknown): Promise<Ack<any>> {
  return (socket.timeout(10_000) as any).emitWithAck(event, payload);
}

export interface EpisodeSnapshot {
  file: string;
  seq: number;
  state: unknown;
}

export async function episodeSnapshot(server: TestServer, episodeId: string): Promise<EpisodeSnapshot> {
  return {
    file: episodeBytes(server.dataDir, episodeId),
    seq: server.app.studio.state(episodeId).seq,
    state: structuredClone(server.app.studio.state(episodeId)),
  };
}

/** Nothing moved: not the seq, not the state in memory, not one byte of the episode file. */
export async function expectEpisodeUnchanged(server: TestServer, episodeId: string, before: EpisodeSnapshot, what = ''): Promise<void> {
  // Give a (wrongly) accepted write a moment to reach the disk before comparing.
  await new Promise((r) => setTimeout(r, 40));
  const after = await episodeSnapshot(server, episodeId);
  expect(after.seq, `${what}: seq moved`).toBe(before.seq);
  expect(after.file === before.file, `${what}: episode file on disk changed`).toBe(true);
  expect(after.state, what).toEqual(before.state);
}

/** Expect a refusal with this code, and return the error. */
export function expectRefused(response: Ack<any>, code: string, what = ''): { code: string; message: string; field?: string; fresh?: any } {
  expect(response.ok, `${what}: expected ${code}, got ${JSON.stringify(response).slice(0, 300)}`).toBe(false);
  if (response.ok) throw new Error('unreachable');
  expect(response.error.code, `${what}: ${response.error.message}`).toBe(code);
  return response.error;
}

/** GET a supervision route with a session cookie. */
export async function getJson(server: TestServer, path: string, cookie?: string): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}

/** Collect what a socket receives on one event. */
export function collect<T = any>(socket: ClientSocket, event: 'supervision:changed' | 'supervision:alert' | 'catalogue:changed'): T[] {
  const seen: T[] = [];
  (socket as any).on(event, (value: T) => seen.push(value));
  return seen;
}

/** Let in-flight broadcasts arrive before asserting that something did NOT arrive. */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
