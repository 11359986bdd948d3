import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { buildStudio, commandId, connectWithCookie, login, ok, send, type Studio } from '../helpers/testServer';

const PASSWORD = 'password-1234';

describe('disabling an account and revoking a display link', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('ends a disabled operator’s live connection at once, and the account can no longer log in or reconnect', async () => {
    studio = await buildStudio();
    const { admin, server } = studio;
    const { account } = await ok(admin, 'account:create', { commandId: commandId(), username: 'leaving01', displayName: '离岗导播', role: 'operator', unitId: null, password: PASSWORD });
    const cookie = await login(server.url, 'leaving01', PASSWORD);
    const socket = await connectWithCookie(server.url, cookie);
    const ended: unknown[] = [];
    socket.on('session:ended', (info) => ended.push(info));
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));

    const result = await ok(admin, 'account:setDisabled', { commandId: commandId(), accountId: account.id, disabled: true });
    expect(result.account.disabled).toBe(true);
    await disconnected;
    expect(ended).toEqual([{ reason: '该账号已被停用。' }]);
    await expect(login(server.url, 'leaving01', PASSWORD)).rejects.toThrow(/401/);
    await expect(connectWithCookie(server.url, cookie)).rejects.toThrow('UNAUTHORIZED');

    await ok(admin, 'account:setDisabled', { commandId: commandId(), accountId: account.id, disabled: false });
    const back = await connectWithCookie(server.url, await login(server.url, 'leaving01', PASSWORD));
    expect(back.connected).toBe(true);
    back.disconnect();
    expect(server.app.catalogue.data.audit.filter((a) => a.command === 'account:setDisabled').map((a) => a.changes)).toEqual([
      [{ path: 'disabled', from: false, to: true }],
      [{ path: 'disabled', from: true, to: false }],
    ]);
  });

  it('refuses to disable the admin’s own account or the last admin', async () => {
    studio = await buildStudio();
    const self = studio.server.app.catalogue.accounts().find((a) => a.username === 'admin')!;
    const refused = await send(studio.admin, 'account:setDisabled', { commandId: commandId(), accountId: self.id, disabled: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能停用自己正在使用的账号。' } });
    const { account: second } = await ok(studio.admin, 'account:create', { commandId: commandId(), username: 'admin2', displayName: '第二管理员', role: 'admin', unitId: null, password: PASSWORD });
    const other = await connectWithCookie(studio.server.url, await login(studio.server.url, 'admin2', PASSWORD));
    await ok(other, 'account:setDisabled', { commandId: commandId(), accountId: self.id, disabled: true });
    const last = await send(other, 'account:setDisabled', { commandId: commandId(), accountId: second.id, disabled: true });
    expect(last).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    other.disconnect();
  });

  it('disconnects the big screen of a revoked display link, and the link stops opening the screen', async () => {
    studio = await buildStudio();
    const { admin, server } = studio;
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '二号演播室' });
    const opened = await fetch(server.url + link.path, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0];
    const screen = await connectWithCookie(server.url, cookie);
    const disconnected = new Promise((resolve) => screen.on('disconnect', resolve));

    const revoked = await ok(admin, 'displayLink:revoke', { commandId: commandId(), displayLinkId: link.id });
    expect(revoked.displayLink.revokedAt).not.toBeNull();
    await disconnected;
    expect((await fetch(server.url + link.path, { redirect: 'manual' })).status).toBe(404);
    const again = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(error.message).toBe('UNAUTHORIZED');
    const view = await ok(admin, 'catalogue:get', {});
    expect(view.displayLinks.find((l: any) => l.id === link.id)).toMatchObject({ label: '二号演播室', revokedAt: revoked.displayLink.revokedAt });
    expect(JSON.stringify(view.displayLinks)).not.toContain(link.path.split('/').pop());
  });
});
