import { afterEach, describe, expect, it } from 'vitest';
import { applyEvent, type EpisodeState } from '../../shared/domain/episodeState';
import { MAX_REPLAY_EVENTS } from '../../server/services/episodeLedger';
import { appealInput, buildStudio, commandId, eventually, ok, recordEvents, type Studio } from '../helpers/testServer';

describe('catching up after a reconnect', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('replays exactly the events a client missed, and the replay rebuilds the server state', async () => {
    studio = await buildStudio();
    const { operator, screen, episodeId } = studio;
    const first = await ok(screen, 'episode:sync', { episodeId, sinceSeq: null });
    const local: EpisodeState = first.snapshot;
    screen.disconnect();

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const created = await ok(operator, 'appeal:create', appealInput(episodeId));
    await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: 1 });

    screen.connect();
    await eventually(() => screen.connected);
    const missed = await ok(screen, 'episode:sync', { episodeId, sinceSeq: local.seq });
    expect(missed.mode).toBe('events');
    expect(missed.events.map((e: any) => e.seq)).toEqual([local.seq + 1, local.seq + 2, local.seq + 3]);
    expect(missed.events.map((e: any) => e.type)).toEqual(['episode.started', 'appeal.received', 'appeal.screened']);
    for (const event of missed.events) expect(applyEvent(local, event)).toBe(true);
    const server = studio.server.app.studio.state(episodeId);
    expect(local.seq).toBe(server.seq);
    expect(local.episode).toEqual(server.episode);
    expect(local.appeals[created.appeal.id].caller.phone).toBe('138****1234');
  });

  it('sends a snapshot to a client too far behind, or ahead of the server', async () => {
    studio = await buildStudio();
    const { operator, screen, episodeId } = studio;
    const seq = studio.server.app.studio.state(episodeId).seq;
    const ahead = await ok(screen, 'episode:sync', { episodeId, sinceSeq: seq + 5 });
    expect(ahead.mode).toBe('snapshot');
    expect(ahead.seq).toBe(seq);
    for (let i = 0; i < MAX_REPLAY_EVENTS + 1; i++) await ok(operator, 'appeal:create', appealInput(episodeId));
    const behind = await ok(screen, 'episode:sync', { episodeId, sinceSeq: seq });
    expect(behind.mode).toBe('snapshot');
    expect(Object.keys(behind.snapshot.appeals)).toHaveLength(MAX_REPLAY_EVENTS + 1);
  }, 60_000);

  it('streams events after the sync with no gap and no repeat, even when they were committed during the sync', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    const live = recordEvents(leader);
    const burst = Array.from({ length: 30 }, () => ok(operator, 'appeal:create', appealInput(episodeId)));
    const sync = await ok(leader, 'episode:sync', { episodeId, sinceSeq: null });
    await Promise.all(burst);
    const finalSeq = studio.server.app.studio.state(episodeId).seq;
    await eventually(() => live.length > 0 && live.at(-1).seq === finalSeq);
    const after = live.filter((e) => e.seq > sync.seq).map((e) => e.seq);
    expect(after).toEqual(Array.from({ length: finalSeq - sync.seq }, (_, i) => sync.seq + 1 + i));
  });
});
