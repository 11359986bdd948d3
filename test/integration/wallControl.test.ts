import { afterEach, describe, expect, it } from 'vitest';
import { applyEvent, type EpisodeState } from '../../shared/domain/episodeState';
import { isWallHidden } from '../../shared/domain/wallRules';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, connectWithCookie, eventually, login, ok, recordEvents, send, type ClientSocket, type Studio, type TestServer } from '../helpers/testServer';

const CALLER = { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' } as const;
/** What a masked audience must never receive: the caller's full name or number. */
const CALLER_DATA = /13900001111|欧阳娜/;

describe('the producer hides the studio wall and shows it again (issue 15 point 3)', () => {
  let studio: Studio;
  let restarted: TestServer | null = null;
  const extra: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of extra.splice(0)) s.disconnect();
    if (restarted) {
      // buildStudio's close stops the first server; the one started after it is stopped here.
      const server = restarted;
      restarted = null;
      await studio.close();
      await server.stop();
      return;
    }
    await studio?.close();
  });

  it('reaches the screen at once, is durable, survives a reconnect and a restart, and carries no caller', async () => {
    studio = await buildStudio();
    const { operator, leader, screen, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const created = (await ok(operator, 'appeal:create', appealInput(episodeId, { caller: CALLER, summary: '学校门口道路拥堵' }))).appeal;
    const queued = (await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.id, expectedVersion: created.version })).appeal;
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version });

    const first = await ok(screen, 'episode:sync', { episodeId, sinceSeq: null });
    const local: EpisodeState = structuredClone(first.snapshot);
    expect(isWallHidden(local)).toBe(false);
    expect(local.appeals[created.id].caller.phone).toBe('139****1111');
    await ok(leader, 'episode:sync', { episodeId, sinceSeq: null });
    const screenEvents = recordEvents(screen);
    const leaderEvents = recordEvents(leader);

    // Only the producer's console may do it: the wall and the leader panel change nothing.
    for (const socket of [screen, leader]) {
      expect(await send(socket, 'wall:setHidden', { commandId: commandId(), episodeId, hidden: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }

    const hide = { commandId: commandId(), episodeId, hidden: true, reason: 'personal_info' } as const;
    const sentAt = Date.now();
    const hidden = await ok(operator, 'wall:setHidden', hide);
    expect(hidden.wall).toMatchObject({ hidden: true, reason: 'personal_info', by: expect.any(String) });
    await eventually(() => screenEvents.some((e) => e.type === 'wall.hidden'));
    console.log(`wall:setHidden → screen received wall.hidden in ${Date.now() - sentAt} ms (ack included)`);
    const event = screenEvents.find((e) => e.type === 'wall.hidden');
    expect(event).toMatchObject({ type: 'wall.hidden', seq: hidden.seq, command: 'wall:setHidden', wall: hidden.wall });
    // The call itself stays on air for the studio; only the wall is blanked.
    expect(event.appeal).toBeUndefined();
    expect(studio.server.app.studio.state(episodeId).episode.onAirAppealId).toBe(created.id);
    for (const e of screenEvents) expect(applyEvent(local, e)).toBe(true);
    expect(isWallHidden(local)).toBe(true);
    await eventually(() => leaderEvents.some((e) => e.type === 'wall.hidden'));

    // A retry changes nothing twice; a second hide is refused with a clear sentence.
    expect(await send(operator, 'wall:setHidden', hide)).toEqual({ ok: true, data: hidden });
    const again = await send(operator, 'wall:setHidden', { commandId: commandId(), episodeId, hidden: true });
    expect(again).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '大屏已经隐藏。' } });

    // The wall reconnects (a reload, a network cut): both kinds of catch-up still say hidden.
    screen.disconnect();
    screen.connect();
    await eventually(() => screen.connected);
    const snapshot = await ok(screen, 'episode:sync', { episodeId, sinceSeq: null });
    expect(snapshot.mode).toBe('snapshot');
    expect(isWallHidden(snapshot.snapshot)).toBe(true);
    const missed = await ok(screen, 'episode:sync', { episodeId, sinceSeq: first.snapshot.seq });
    expect(missed.mode).toBe('events');
    expect(missed.events.map((e: any) => e.type)).toEqual(['wall.hidden']);
    const replayed: EpisodeState = structuredClone(first.snapshot);
    for (const e of missed.events) expect(applyEvent(replayed, e)).toBe(true);
    expect(isWallHidden(replayed)).toBe(true);

    // Durable before the ack: a restarted server still holds the wall hidden.
    const old = studio.server;
    restarted = await old.restart();
    const admin = await connectWithCookie(restarted.url, await login(restarted.url, 'admin', ADMIN_PASSWORD));
    const wall = await connectAs(restarted, admin, 'screen');
    const producer = await connectAs(restarted, admin, 'operator');
    extra.push(admin, wall, producer);
    const afterRestart = await ok(wall, 'episode:sync', { episodeId, sinceSeq: null });
    expect(isWallHidden(afterRestart.snapshot)).toBe(true);
    expect(afterRestart.snapshot.wall).toEqual(hidden.wall);
    const history = await restarted.app.studio.ledger(episodeId).sync(0);
    expect(history.mode === 'events' && history.events.filter((e) => e.type.startsWith('wall.')).map((e) => [e.type, e.actor.role])).toEqual([['wall.hidden', 'operator']]);

    // And back: the wall shows the call again.
    const wallEvents = recordEvents(wall);
    const shown = await ok(producer, 'wall:setHidden', { commandId: commandId(), episodeId, hidden: false });
    expect(shown.wall).toMatchObject({ hidden: false, reason: null });
    await eventually(() => wallEvents.some((e) => e.type === 'wall.shown'));
    const reshown: EpisodeState = afterRestart.snapshot;
    for (const e of wallEvents) expect(applyEvent(reshown, e)).toBe(true);
    expect(isWallHidden(reshown)).toBe(false);
    expect(reshown.episode.onAirAppealId).toBe(created.id);
    expect(reshown.appeals[created.id].caller).toEqual({ anonymous: false, name: '欧阳女士', title: '女士', phone: '139****1111' });

    // Nothing the masked audience received names the caller: events, snapshots, replays.
    const everything = JSON.stringify([first, screenEvents, leaderEvents, snapshot, missed, afterRestart, wallEvents]);
    expect(everything).toContain('139****1111');
    expect(everything).not.toMatch(CALLER_DATA);
  });

  it('is refused on an ended episode, and an ended episode’s wall is not held hidden', async () => {
    studio = await buildStudio();
    const { operator, screen, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await ok(operator, 'wall:setHidden', { commandId: commandId(), episodeId, hidden: true });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    const refused = await send(operator, 'wall:setHidden', { commandId: commandId(), episodeId, hidden: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'EPISODE_ENDED' } });
    const sync = await ok(screen, 'episode:sync', { episodeId, sinceSeq: null });
    expect(sync.snapshot.wall.hidden).toBe(true);
    expect(isWallHidden(sync.snapshot)).toBe(false);
  });
});
