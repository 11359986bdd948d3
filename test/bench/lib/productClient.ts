import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events';
import type { Role } from '../../../shared/domain/types';
import { ADMIN_PASSWORD, STAFF_PASSWORD } from './benchConfig';
import { connectWithCookie, login, phonedInAppeal } from '../../helpers/clientSession';

/**
 * How the bench clients reach the product: HTTP login for a cookie, then socket.io-client with the
 * typed commands, exactly as the screens do. Nothing here reads the product's files or classes, so
 * the bench does not care how the store keeps its data.
 */
export type ProductSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export { login };

/** One socket. Many may share a cookie: one session per role keeps scrypt logins out of the measurement. */
export const connectSocket = connectWithCookie;

/** Connect `count` sockets, `batch` at a time, so a thousand handshakes do not arrive in one instant. */
export async function connectMany<S extends Socket = ProductSocket>(url: string, count: number, cookieOf: (i: number) => string | undefined, batch = 50): Promise<S[]> {
  const sockets: S[] = [];
  for (let i = 0; i < count; i += batch) {
    const group = Array.from({ length: Math.min(batch, count - i) }, (_, k) => connectSocket<S>(url, cookieOf(i + k)));
    sockets.push(...(await Promise.all(group)));
  }
  return sockets;
}

export function commandId(): string {
  return `bench-${randomUUID()}`;
}

/** Send a command that must succeed; its ack's data. */
export async function ok<E extends keyof ClientToServerEvents>(socket: ProductSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0], timeoutMs = 60_000): Promise<any> {
  const response: Ack<any> = await (socket.timeout(timeoutMs) as any).emitWithAck(event, payload);
  if (!response.ok) throw new Error(`${String(event)} failed: ${response.error.code} ${response.error.message}`);
  return response.data;
}

/** A typical phoned-in appeal. Its summary carries the commandId, so a durability check can find each one. */
export function appealPayload(episodeId: string, n: number, id = commandId()) {
  return phonedInAppeal(episodeId, id, `小区电梯长期故障，物业不维修（压测第${n}条 ${id}）`);
}

export interface LiveEpisode {
  episodeId: string;
  admin: ProductSocket;
  adminCookie: string;
  /** One cookie per role asked for; many sockets may share it. */
  cookies: Partial<Record<Role, string>>;
}

/**
 * What a studio has before the show: the admin logs in, creates a unit, a leader and one account
 * per role the scenario needs, plans an episode in `year` under a number no generated episode uses,
 * and starts it. Everything through the product's own commands.
 */
export async function prepareLiveEpisode(url: string, roles: Role[], year = new Date().getFullYear()): Promise<LiveEpisode> {
  const adminCookie = await login(url, 'admin', ADMIN_PASSWORD);
  const admin = await connectSocket(url, adminCookie);
  const tag = randomUUID().slice(0, 8);
  const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: `压测单位${tag}`, kind: 'department', level: '市级' });
  const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
  const cookies: LiveEpisode['cookies'] = {};
  for (const role of roles) {
    const username = `b${role}${tag}`;
    await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `压测${role}`, role, unitId: null, password: STAFF_PASSWORD });
    cookies[role] = await login(url, username, STAFF_PASSWORD);
  }
  const { episodes } = await ok(admin, 'catalogue:get', {});
  const taken = new Set<number>(episodes.filter((e: { year: number }) => e.year === year).map((e: { number: number }) => e.number));
  let number = 9000;
  while (taken.has(number)) number += 1;
  const { episode } = await ok(admin, 'episode:plan', {
    commandId: commandId(),
    year,
    number,
    date: `${year}-12-31`,
    slot: { start: '09:00', end: '10:00' },
    theme: '压测专场：市长上线',
    host: '李主持',
    unitIds: [unit.id],
    leaderIds: [person.id],
  });
  await ok(admin, 'episode:start', { commandId: commandId(), episodeId: episode.id });
  return { episodeId: episode.id, admin, adminCookie, cookies };
}
