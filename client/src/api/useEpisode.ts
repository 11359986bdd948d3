import { useEffect, useState } from 'react';
import type { EpisodeState } from '../../../shared/domain/episodeState';
import { EpisodeFollower } from './episodeFollower';
import { sendCommand, type StudioSocket } from './socket';

/**
 * One episode's state kept in step with the server (see EpisodeFollower): a snapshot or the missed
 * events on every (re)connect, then live events applied with the shared reducer.
 */
export function useEpisode(socket: StudioSocket | null, episodeId: string | null) {
  const [state, setState] = useState<EpisodeState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!socket || !episodeId) return;
    setState(null);
    const follower = new EpisodeFollower(socket, episodeId, (sinceSeq) => sendCommand(socket, 'episode:sync', { episodeId, sinceSeq }), {
      state: setState,
      error: setError,
    });
    return () => follower.stop();
  }, [socket, episodeId]);

  return { state, error };
}
