import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import { PROTOCOL_OUTDATED, PROTOCOL_VERSION } from '../../shared/protocol/version';
import { ADMIN_PASSWORD, connectWithCookie, login, ok, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

/** Connect stating a protocol, and report how the handshake ended. */
function handshake(server: TestServer, cookie: string, auth: Record<string, unknown>): Promise<{ connected: true } | { connected: false; message: string; data: unknown }> {
  const socket = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie }, auth, reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      resolve({ connected: false, message: error.message, data: error.data });
    });
  });
}

describe('a tab states its protocol version at connect', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('a tab of the current version connects and its commands are answered', async () => {
    const socket = await connectWithCookie(server.url, cookie);
    const catalogue = await ok(socket, 'catalogue:get', {});
    expect(catalogue.units).toEqual([]);
    socket.disconnect();
  });

  it('a tab built for an older version is refused at the handshake and told in Chinese to reload', async () => {
    const result = await handshake(server, cookie, { protocol: PROTOCOL_VERSION - 1 });
    expect(result).toEqual({
      connected: false,
      message: PROTOCOL_OUTDATED,
      data: { code: PROTOCOL_OUTDATED, message: ERROR_MESSAGES.PROTOCOL_OUTDATED, version: PROTOCOL_VERSION },
    });
    expect(ERROR_MESSAGES.PROTOCOL_OUTDATED).toMatch(/刷新页面/);
  });

  it('a newer or malformed version is refused the same way, before the session is even looked at', async () => {
    for (const protocol of [PROTOCOL_VERSION + 1, '2', 1.5, null]) {
      const result = await handshake(server, cookie, { protocol });
      expect(result, String(protocol)).toMatchObject({ connected: false, message: PROTOCOL_OUTDATED });
    }
    // No session at all: still the protocol answer, so an old tab learns to reload rather than to log in again.
    expect(await handshake(server, 'zfrx_session=nothing', { protocol: PROTOCOL_VERSION - 1 })).toMatchObject({ connected: false, message: PROTOCOL_OUTDATED });
  });

  it('a script that states no version talks to the current protocol', async () => {
    const socket = await connectWithCookie(server.url, cookie, { protocol: null });
    expect((await ok(socket, 'catalogue:get', {})).units).toEqual([]);
    socket.disconnect();
  });
});
