import { afterEach, describe, expect, it } from 'vitest';
import { earlierEpisodeWithOutcome } from '../helpers/scenarios';
import { appealInput, buildStudio, commandId, eventually, ok, recordEvents, send, type Studio } from '../helpers/testServer';

describe('a feedback episode reports back on earlier items', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('puts an earlier item’s outcome on air, shows it masked to the screen, and keeps calls and reports apart', async () => {
    studio = await buildStudio();
    const { admin, operator, screen, unitId } = studio;
    const earlier = await earlierEpisodeWithOutcome(studio);
    const { episode: feedback } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-30', slot: { start: '09:00', end: '10:00' }, theme: '回头看', host: '', unitIds: [unitId], leaderIds: [], feedback: true });
    await ok(screen, 'episode:sync', { episodeId: feedback.id, sinceSeq: null });
    const onScreen = recordEvents(screen);
    const ref = { episodeId: feedback.id, sourceEpisodeId: studio.episodeId, appealId: earlier.id };

    const notLive = await send(operator, 'feedback:putOnAir', { commandId: commandId(), ...ref });
    expect(notLive).toMatchObject({ ok: false, error: { code: 'EPISODE_NOT_LIVE' } });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: feedback.id });
    const { episode } = await ok(operator, 'feedback:putOnAir', { commandId: commandId(), ...ref });
    expect(episode.feedbackOnAir).toMatchObject({ appealId: earlier.id, callerName: '王先生', reply: '已更换全部路灯', rating: 'satisfied', status: 'replied', sourceEpisode: { year: 2025, number: 1 } });
    await eventually(() => onScreen.some((e) => e.type === 'feedback.wentOnAir'));
    expect(JSON.stringify(onScreen)).not.toMatch(/13812341234|王建华/);

    // While the report is on air no call goes on air, and the other way round.
    const call = await ok(operator, 'appeal:create', appealInput(feedback.id));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId: feedback.id, appealId: call.appeal.id, expectedVersion: 1 });
    const blocked = await send(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: feedback.id, appealId: call.appeal.id, expectedVersion: queued.appeal.version });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'ANOTHER_ON_AIR', message: expect.stringContaining('回访报道正在播出') } });
    await ok(operator, 'feedback:takeOffAir', { commandId: commandId(), episodeId: feedback.id });
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: feedback.id, appealId: call.appeal.id, expectedVersion: queued.appeal.version });
    const busy = await send(operator, 'feedback:putOnAir', { commandId: commandId(), ...ref });
    expect(busy).toMatchObject({ ok: false, error: { code: 'ANOTHER_ON_AIR' } });
  });

  it('refuses follow-up reports in an ordinary episode and for an appeal of the same episode', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const ordinary = await send(operator, 'feedback:putOnAir', { commandId: commandId(), episodeId, sourceEpisodeId: episodeId, appealId: appeal.id });
    expect(ordinary).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '本期不是回访节目，不能播出回访报道。' } });
  });
});
