import { describe, expect, it } from 'vitest';
import { putOnAir } from '../../shared/domain/appealRules';
import { applyEvent, type EpisodeState } from '../../shared/domain/episodeState';
import { maskAppeal } from '../../shared/domain/masking';
import { isWallHidden, setWallHidden, wallPreviewState } from '../../shared/domain/wallRules';
import { maskedState } from '../../shared/protocol/projection';
import { buildAppeal, buildState, commit, ctx, NOW, OPERATOR, ref, refused } from './builders';

const LATER = '2025-06-18T02:20:00.000Z';

describe('the producer hides and shows the studio wall', () => {
  it('hides: one wall.hidden event carrying who, when and the chosen reason; the state says hidden', () => {
    const state = buildState({ appeals: [buildAppeal({ status: 'on_air', onAirAt: NOW })] });
    const before = structuredClone(state);
    const changes = setWallHidden(state, { hidden: true, reason: 'personal_info' }, OPERATOR.name, NOW);
    expect(state).toEqual(before);
    expect(changes).toEqual([{ type: 'wall.hidden', wall: { hidden: true, reason: 'personal_info', at: NOW, by: '导播小陈' } }]);
    commit(state, changes);
    expect(isWallHidden(state)).toBe(true);
    // The call stays on air for the studio: only the wall is blanked.
    expect(state.episode.onAirAppealId).toBe(before.episode.onAirAppealId);
    expect(state.appeals).toEqual(before.appeals);
  });

  it('shows again: wall.shown clears the reason', () => {
    const state = commit(buildState(), setWallHidden(buildState(), { hidden: true }, OPERATOR.name, NOW));
    expect(state.wall).toEqual({ hidden: true, reason: null, at: NOW, by: '导播小陈' });
    const changes = setWallHidden(state, { hidden: false, reason: 'technical' }, '导播小李', LATER);
    expect(changes).toEqual([{ type: 'wall.shown', wall: { hidden: false, reason: null, at: LATER, by: '导播小李' } }]);
    commit(state, changes);
    expect(isWallHidden(state)).toBe(false);
  });

  it('refuses to hide a hidden wall or show a shown one (the second producer learns the first was quicker)', () => {
    const shown = buildState();
    expect(refused(() => setWallHidden(shown, { hidden: false }, OPERATOR.name, NOW), 'ILLEGAL_TRANSITION').message).toBe('大屏没有隐藏，无需恢复。');
    const hidden = commit(buildState(), setWallHidden(buildState(), { hidden: true }, OPERATOR.name, NOW));
    expect(refused(() => setWallHidden(hidden, { hidden: true }, OPERATOR.name, NOW), 'ILLEGAL_TRANSITION').message).toBe('大屏已经隐藏。');
  });

  it('works before the episode starts; refuses on an ended episode, whose wall shows its closing line whatever was chosen', () => {
    const planned = buildState({ episode: { status: 'planned', startedAt: null } });
    commit(planned, setWallHidden(planned, { hidden: true }, OPERATOR.name, NOW));
    expect(isWallHidden(planned)).toBe(true);
    const ended: EpisodeState = { ...structuredClone(planned), episode: { ...planned.episode, status: 'ended' } };
    refused(() => setWallHidden(ended, { hidden: false }, OPERATOR.name, NOW), 'EPISODE_ENDED');
    expect(isWallHidden(ended)).toBe(false);
  });

  it('a state written before the wall existed (no `wall`) shows the wall', () => {
    const state = buildState();
    expect(state.wall).toBeUndefined();
    expect(isWallHidden(state)).toBe(false);
  });

  it('the masked projection keeps the wall state, which holds nothing of any caller', () => {
    const appeal = buildAppeal({ status: 'on_air', onAirAt: NOW });
    const state = commit(buildState({ appeals: [appeal] }), setWallHidden(buildState({ appeals: [appeal] }), { hidden: true, reason: 'personal_info' }, OPERATOR.name, NOW));
    const masked = maskedState(state);
    expect(isWallHidden(masked)).toBe(true);
    expect(JSON.stringify(masked.wall)).not.toContain(appeal.caller.phone!);
    expect(JSON.stringify(masked.wall)).not.toContain(appeal.caller.name);
  });
});

describe('the wall preview is the state the wall will have', () => {
  it('equals the masked state after the real put-on-air rule, for the selected queued call', () => {
    const first = buildAppeal({ status: 'queued', caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' } });
    const second = buildAppeal({ status: 'queued', caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' } });
    const state = buildState({ appeals: [first, second] });
    const preview = wallPreviewState(state, second.id, NOW)!;

    const after = structuredClone(state);
    for (const [i, change] of putOnAir(after, { ...ref(second), commandId: 'c' }, ctx(NOW)).entries()) {
      applyEvent(after, { ...change, episodeId: after.episode.id, seq: after.seq + 1 + i, at: NOW, actor: OPERATOR, command: 'appeal:putOnAir', commandId: 'c', changes: [] });
    }
    const wall = maskedState(after);
    // What the wall draws from: the call on air, the next calls, the counters, every caller masked.
    expect(preview.episode.onAirAppealId).toBe(wall.episode.onAirAppealId);
    expect(preview.episode.queue).toEqual(wall.episode.queue);
    expect(preview.appeals[second.id]).toEqual({ ...wall.appeals[second.id], version: preview.appeals[second.id].version });
    expect(preview.appeals[first.id]).toEqual(wall.appeals[first.id]);
    expect(preview.appeals[second.id].caller).toEqual(maskAppeal(second).caller);
    expect(preview.appeals[second.id].caller).toEqual({ anonymous: false, name: '欧阳女士', title: '女士', phone: '139****1111' });
    expect(JSON.stringify(preview)).not.toMatch(/13900001111|13812341234|王建华|欧阳娜/);
    // The state it was given is untouched.
    expect(state.appeals[second.id].status).toBe('queued');
  });

  it('previews the next call while another is on air, and keeps a report off the air and the producer’s hide', () => {
    const onAir = buildAppeal({ status: 'on_air', onAirAt: NOW });
    const next = buildAppeal({ status: 'queued' });
    const state = commit(buildState({ appeals: [onAir, next] }), setWallHidden(buildState({ appeals: [onAir, next] }), { hidden: true }, OPERATOR.name, NOW));
    const preview = wallPreviewState(state, next.id, LATER)!;
    expect(preview.episode.onAirAppealId).toBe(next.id);
    expect(preview.appeals[next.id]).toMatchObject({ status: 'on_air', onAirAt: LATER });
    expect(preview.episode.queue).toEqual([]);
    expect(isWallHidden(preview)).toBe(true);
    expect(wallPreviewState(state, 'no-such-appeal', NOW)).toBeNull();
  });
});
