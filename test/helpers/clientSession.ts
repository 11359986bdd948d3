import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * How every test and bench client reaches the server, as the screens do: HTTP login for the
 * session cookie, then a socket.io-client carrying it. No server code here, so a bench client
 * process can use it without loading the product.
 */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Log in over HTTP and return the session cookie. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('login set no cookie');
  return cookie.split(';')[0];
}

/**
 * A real socket.io-client, connected (with a session cookie when given), that does not reconnect by
 * itself. It states the protocol version as the screens do; `protocol: null` states none.
 */
export async function connectWithCookie<S extends Socket = ClientSocket>(url: string, cookie?: string, options: { protocol?: unknown } = {}): Promise<S> {
  const protocol = 'protocol' in options ? options.protocol : PROTOCOL_VERSION;
  const auth = protocol === null ? {} : { protocol };
  const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, auth, reconnection: false, forceNew: true }) as S;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A typical phoned-in appeal as the operator console sends it: the one payload every test and load client builds on. */
export function phonedInAppeal(episodeId: string, commandId: string, summary: string) {
  return {
    commandId,
    episodeId,
    channel: 'hotline' as const,
    caller: { anonymous: false, name: '王建华', title: '先生' as const, phone: '13812341234' },
    area: '云龙区',
    category: '物业管理',
    targetUnitId: null,
    summary,
    operatorNotes: '',
  };
}
