import { useEffect, useRef, useState } from 'react';
import { applyEvent, type EpisodeEvent, type EpisodeState } from '../../../shared/domain/episodeState';
import type { SyncResult } from '../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from './socket';

/** Refusals that mean "too many at once", not "wrong": the sync is sent again after a pause. */
const RETRY_LATER = new Set<string>(['SYNC_TOO_FREQUENT', 'TOO_MANY_PENDING']);
const RETRY_AFTER_MS = 1_500;

/**
 * One episode's state kept in step with the server: a snapshot or the missed events on every
 * (re)connect, then live events applied with the shared reducer. An event out of sequence means
 * something was missed, so the hook syncs again rather than show a stale call.
 */
export function useEpisode(socket: StudioSocket | null, episodeId: string | null) {
  const [state, setState] = useState<EpisodeState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stateRef = useRef<EpisodeState | null>(null);

  useEffect(() => {
    if (!socket || !episodeId) return;
    let cancelled = false;
    let syncing = false;
    // A gap noticed while a sync is on its way: sync once more when it returns, rather than drop it.
    let again = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    stateRef.current = null;
    setState(null);

    const publish = (next: EpisodeState | null) => {
      stateRef.current = next;
      setState(next ? { ...next } : null);
    };

    const sync = async (): Promise<void> => {
      if (syncing) {
        again = true;
        return;
      }
      syncing = true;
      again = false;
      const current = stateRef.current;
      const response = await sendCommand(socket, 'episode:sync', { episodeId, sinceSeq: current?.seq ?? null });
      syncing = false;
      if (cancelled) return;
      if (!response.ok) {
        // Refused by the connection's budget, not by a rule: nothing is wrong with the episode, so ask again shortly.
        if (RETRY_LATER.has(response.error.code) && !retry) retry = setTimeout(() => ((retry = null), void sync()), RETRY_AFTER_MS);
        return setError(response.error.message);
      }
      setError(null);
      const merged = merge(stateRef.current, response.data);
      publish(merged);
      if (!merged || again) void sync(); // the replay did not fit, or a gap was seen meanwhile
    };

    const onEvent = (event: EpisodeEvent) => {
      const current = stateRef.current;
      if (event.episodeId !== episodeId || !current || event.seq <= current.seq) return;
      const next = structuredClone(current);
      if (applyEvent(next, event)) publish(next);
      else void sync();
    };
    const onResync = (info: { episodeId: string }) => {
      if (info.episodeId !== episodeId) return;
      publish(null);
      void sync();
    };

    socket.on('connect', sync);
    socket.on('episode:event', onEvent);
    socket.on('episode:resyncRequired', onResync);
    if (socket.connected) void sync();
    return () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
      socket.off('connect', sync);
      socket.off('episode:event', onEvent);
      socket.off('episode:resyncRequired', onResync);
    };
  }, [socket, episodeId]);

  return { state, error };
}

function merge(current: EpisodeState | null, result: SyncResult): EpisodeState | null {
  if (result.mode === 'snapshot') return result.snapshot;
  if (!current) return null;
  const next = structuredClone(current);
  for (const event of result.events) if (event.seq > next.seq && !applyEvent(next, event)) return null;
  return next;
}
