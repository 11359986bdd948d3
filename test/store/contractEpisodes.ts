import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/episodeState';
import { StaleEpisodeError, type Store } from '../../server/store/store';
import { EpisodeScript } from './episodeScript';
import type { ContractContext } from './storeContract';

/** Commit each step in turn, as the ledger's group commit does. */
async function commitAll(store: Store, ...commits: Parameters<Store['commitEpisode']>[0][]): Promise<void> {
  for (const commit of commits) await store.commitEpisode(commit);
}

/** The store holds exactly what the script committed up to now. */
async function expectHolds(store: Store, script: EpisodeScript): Promise<void> {
  expect(await store.loadEpisodeState(script.id)).toEqual(script.snapshot());
  const history = await store.loadEpisodeHistory(script.id);
  expect(history.events).toEqual(script.events);
  expect(history.commands).toEqual(script.commands);
}

export function episodeContract(context: ContractContext): void {
  describe('episodes', () => {
    it('an empty store has no episodes, and a missing episode has no state and an empty history', async () => {
      const store = await context.open();
      expect(await store.loadEpisodeStates()).toEqual([]);
      expect(await store.loadEpisodeState('no-such-episode')).toBeNull();
      expect(await store.loadEpisodeHistory('no-such-episode')).toEqual({ events: [], commands: {} });
    });

    it('a planned episode (a step from baseSeq 0) is there with its state, its event and the plan record', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-plan');
      await store.commitEpisode(script.plan());
      expect(script.state.seq).toBe(1);
      await expectHolds(store, script);
      expect(await store.loadEpisodeStates()).toEqual([script.snapshot()]);
    });

    it('steps append their events in seq order and move the state on, several commands per step', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-steps');
      await commitAll(store, script.plan(), script.step(2), script.step(1, 3), script.step(1, 1, 1));
      expect(script.state.seq).toBe(10);
      await expectHolds(store, script);
      expect((await store.loadEpisodeHistory(script.id)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('every episode’s latest state loads at start, each episode kept apart from the others', async () => {
      const store = await context.open();
      const scripts = ['ep-b', 'ep-a', 'ep-c'].map((id) => new EpisodeScript(id));
      for (const script of scripts) await store.commitEpisode(script.plan());
      await commitAll(store, scripts[0].step(1), scripts[2].step(2), scripts[0].step(1));
      const states = await store.loadEpisodeStates();
      expect(states.map((s) => [s.episode.id, s.seq]).sort()).toEqual([
        ['ep-a', 1],
        ['ep-b', 3],
        ['ep-c', 3],
      ]);
      for (const script of scripts) {
        expect(states.find((s) => s.episode.id === script.id)).toEqual(script.snapshot());
        await expectHolds(store, script);
      }
    });

    it('a history after a seq holds only the later events and the records those events made', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-after');
      await commitAll(store, script.plan(), script.step(2));
      const later = script.step(1, 1);
      await store.commitEpisode(later);

      const afterThree = await store.loadEpisodeHistory(script.id, 3);
      expect(afterThree.events.map((e) => e.seq)).toEqual([4, 5]);
      expect(afterThree.events).toEqual(script.events.slice(3));
      expect(afterThree.commands).toEqual(later.commands);
      expect(await store.loadEpisodeHistory(script.id, 5)).toEqual({ events: [], commands: {} });
      expect(await store.loadEpisodeHistory(script.id, 0)).toEqual(await store.loadEpisodeHistory(script.id));
    });

    it('an event-less command is recorded without moving the seq, and a history read from that seq on includes it', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-eventless');
      await commitAll(store, script.plan(), script.step(2));
      const quiet = script.step(0);
      await store.commitEpisode(quiet);
      expect(script.state.seq).toBe(3);
      await expectHolds(store, script);

      const next = script.step(1);
      await store.commitEpisode(next);
      // Another node holding seq 3 may not have seen the quiet command: reading after 3 must bring it.
      const afterThree = await store.loadEpisodeHistory(script.id, 3);
      expect(afterThree.events.map((e) => e.seq)).toEqual([4]);
      expect(afterThree.commands).toEqual({ ...quiet.commands, ...next.commands });
      expect(await store.loadEpisodeHistory(script.id, 4)).toEqual({ events: [], commands: {} });
      await expectHolds(store, script);
    });

    it('a step mixing commands with and without events keeps every record', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-mixed');
      await commitAll(store, script.plan(), script.step(1, 0, 2, 0));
      expect(Object.keys(script.commands)).toHaveLength(5);
      await expectHolds(store, script);
    });

    it('a second plan of an existing episode (baseSeq 0 again) is refused as stale and changes nothing', async () => {
      const store = await context.open();
      const first = new EpisodeScript('ep-twice');
      await commitAll(store, first.plan(), first.step(1));
      const again = new EpisodeScript('ep-twice', '2025-04-01', 'b');
      const refused = store.commitEpisode(again.plan());
      await expect(refused).rejects.toBeInstanceOf(StaleEpisodeError);
      await expect(refused).rejects.toMatchObject({ episodeId: 'ep-twice', baseSeq: 0 });
      await expectHolds(store, first);
    });

    it('a step from a seq the episode has moved past is refused as stale and changes nothing', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-behind');
      await commitAll(store, script.plan(), script.step(2));
      const behind = script.fork('b');
      await store.commitEpisode(script.step(2));
      const refused = store.commitEpisode(behind.step(1));
      await expect(refused).rejects.toBeInstanceOf(StaleEpisodeError);
      await expect(refused).rejects.toMatchObject({ episodeId: 'ep-behind', baseSeq: 3 });
      await expectHolds(store, script);
    });

    it('a step from a seq the store never reached, or on an episode that was never planned, is refused as stale', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-ahead');
      await commitAll(store, script.plan(), script.step(1));
      script.step(1); // decided but never written: the store stays at seq 2
      await expect(store.commitEpisode(script.step(1))).rejects.toBeInstanceOf(StaleEpisodeError);
      expect((await store.loadEpisodeState(script.id))!.seq).toBe(2);

      const unplanned = new EpisodeScript('ep-unplanned');
      unplanned.plan();
      await expect(store.commitEpisode(unplanned.step(1))).rejects.toBeInstanceOf(StaleEpisodeError);
      expect(await store.loadEpisodeState('ep-unplanned')).toBeNull();
      expect(await store.loadEpisodeHistory('ep-unplanned')).toEqual({ events: [], commands: {} });
    });

    it('commitEpisode writes the state, events and records as they were when it was called', async () => {
      const store = await context.open();
      const script = new EpisodeScript('ep-capture');
      const plan = script.plan();
      await store.commitEpisode(plan);
      const commit = script.step(2);
      const atCall = { state: script.snapshot(), events: [...plan.events, ...structuredClone(commit.events)], commands: { ...plan.commands, ...structuredClone(commit.commands) } };
      const writing = store.commitEpisode(commit);
      // What the ledger does meanwhile: the next commands change the same state object.
      const next = script.step(3);
      for (const event of next.events) applyEvent(commit.state, event);
      commit.state.episode.theme = '写入后才改的主题';
      commit.events.push(...next.events);
      Object.assign(commit.commands, next.commands);
      await writing;

      for (const reader of [store, await context.open()]) {
        expect(await reader.loadEpisodeState(script.id)).toEqual(atCall.state);
        expect(await reader.loadEpisodeHistory(script.id)).toEqual({ events: atCall.events, commands: atCall.commands });
      }
    });

    // Only a store several nodes share can be written behind a store's back; lowdb has one writer.
    if (context.sharedWriters) it('of two stores on the same data, the second to write a step from the same seq is refused as stale', async () => {
      const nodeA = await context.open();
      const nodeB = await context.open();
      const onA = new EpisodeScript('ep-two-nodes');
      await commitAll(nodeA, onA.plan(), onA.step(1));
      const onB = onA.fork('b');
      await nodeA.commitEpisode(onA.step(1));
      await expect(nodeB.commitEpisode(onB.step(2))).rejects.toBeInstanceOf(StaleEpisodeError);
      await expect(nodeB.commitEpisode(new EpisodeScript('ep-two-nodes', '2025-04-01', 'c').plan())).rejects.toBeInstanceOf(StaleEpisodeError);
      // B catches up from what it knew and carries on.
      const missed = await nodeB.loadEpisodeHistory(onA.id, 2);
      expect(missed.events).toEqual(onA.events.slice(2));
      await expectHolds(nodeB, onA);
      await nodeB.commitEpisode(onA.step(1));
      await expectHolds(nodeA, onA);
    });
  });
}
